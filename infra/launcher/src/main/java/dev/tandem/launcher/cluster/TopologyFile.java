package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Heap;
import dev.tandem.launcher.cluster.Topology.Host;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Topology.Stage;
import dev.tandem.launcher.cluster.Topology.Vip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code infra/topology.yml} into one profile's {@link Topology}: counts per profile, host
 * and instance names from their patterns, addresses from each group's first octet, and the checks
 * that stop a broken file before anything starts.
 */
final class TopologyFile {

  private TopologyFile() {}

  @SuppressWarnings("unchecked")
  static Topology expand(
      Map<String, Object> root, String profile, Optional<String> subnetOverride) {
    if (!Topology.PROFILES.contains(profile)) {
      throw new LauncherException(
          "unknown profile '"
              + profile
              + "': choose one of "
              + String.join(", ", Topology.PROFILES));
    }
    Subnet subnet = Subnet.forCluster(subnetOverride.orElse((String) root.get("subnet")));
    List<Host> hosts = new ArrayList<>();
    List<Instance> instances = new ArrayList<>();
    List<Vip> vips = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
      String hostPattern = (String) group.get("host");
      String groupName = hostPattern.replace("-{s}", "").replace("-{n}", "");
      int count = perProfile(group, "count", profile, 1);
      int shards = perProfile(group, "shards", profile, 0);
      int first = (Integer) group.get("first");
      int shardStep = (Integer) group.getOrDefault("shardStep", 0);
      boolean hasVip = group.containsKey("vip") && count >= 2;
      List<Map<String, Object>> programs = (List<Map<String, Object>>) group.get("programs");
      for (int s = 0; s < Math.max(shards, 1); s++) {
        Integer shard = shards > 0 ? s : null;
        List<Host> groupHosts = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
          String name = name(hostPattern, shard, n);
          Host host =
              new Host(name, groupName, subnet.address(first + s * shardStep + n - 1), shard, n);
          groupHosts.add(host);
          for (Map<String, Object> program : programs) {
            if (Boolean.TRUE.equals(program.get("vipOnly")) && !hasVip) {
              continue;
            }
            String component = (String) program.get("component");
            instances.add(
                new Instance(
                    name((String) program.get("name"), shard, n),
                    component,
                    (String) program.getOrDefault("product", component),
                    host,
                    (Integer) program.getOrDefault("port", 0),
                    n,
                    shard,
                    (String) program.get("config"),
                    Map.copyOf((Map<String, Integer>) program.getOrDefault("ports", Map.of())),
                    heap(program)));
          }
        }
        // Hosts without programs yet are slots: their addresses already answer (with a refusal).
        hosts.addAll(groupHosts);
        if (hasVip && !programs.isEmpty()) {
          vips.add(
              new Vip(
                  groupName, shard, subnet.address((Integer) group.get("vip") + s), groupHosts));
        }
      }
    }
    checkUnique(hosts.stream().map(Host::address).toList(), "address");
    checkUnique(instances.stream().map(Instance::name).toList(), "instance name");
    String networkInterface = (String) root.get("interface");
    if (networkInterface == null || !networkInterface.matches("[a-z][a-z0-9]{0,14}")) {
      throw new LauncherException(
          "topology: 'interface' must name the hosts' network interface, such as eth0");
    }
    List<String> components = components(root);
    List<Stage> stages = stages(root, components);
    return new Topology(
        profile,
        subnet,
        networkInterface,
        stages,
        components,
        List.copyOf(hosts),
        List.copyOf(instances),
        List.copyOf(vips));
  }

  /** Every profile's components: lite runs no keepalived, but its stages still name it. */
  @SuppressWarnings("unchecked")
  private static List<String> components(Map<String, Object> root) {
    return ((List<Map<String, Object>>) root.get("groups"))
        .stream()
            .flatMap(g -> ((List<Map<String, Object>>) g.get("programs")).stream())
            .map(p -> (String) p.get("component"))
            .distinct()
            .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Stage> stages(Map<String, Object> root, List<String> components) {
    List<Map<String, Object>> listed = (List<Map<String, Object>>) root.get("stages");
    if (listed == null || listed.isEmpty()) {
      throw new LauncherException("topology: 'stages' must list the order up starts things in");
    }
    List<Stage> stages = new ArrayList<>();
    for (Map<String, Object> stage : listed) {
      List<String> start = (List<String>) stage.getOrDefault("start", List.of());
      List<String> ready = (List<String>) stage.getOrDefault("ready", List.of());
      for (String component : concat(start, ready)) {
        if (!components.contains(component)) {
          throw new LauncherException(
              "topology: stage names '" + component + "', which no group runs");
        }
      }
      stages.add(
          new Stage(
              List.copyOf(start),
              List.copyOf(ready),
              List.copyOf((List<String>) stage.getOrDefault("then", List.of()))));
    }
    return List.copyOf(stages);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Heap heap(Map<String, Object> program) {
    List<String> heap = (List<String>) program.get("heap");
    if (heap == null) {
      return null;
    }
    if (heap.size() != 2 || !heap.stream().allMatch(h -> h.matches("[0-9]+[kmg]"))) {
      throw new LauncherException(
          "topology: heap of "
              + program.get("name")
              + " must be [initial, max] such as [64m, 256m], not "
              + heap);
    }
    return new Heap(heap.get(0), heap.get(1));
  }

  private static String name(String pattern, Integer shard, int n) {
    String name = pattern.replace("{n}", Integer.toString(n));
    return shard == null ? name : name.replace("{s}", Integer.toString(shard));
  }

  @SuppressWarnings("unchecked")
  private static int perProfile(Map<String, Object> group, String key, String profile, int absent) {
    Object value = group.get(key);
    if (value == null) {
      return absent;
    }
    Map<String, Integer> byProfile = (Map<String, Integer>) value;
    Integer count = byProfile.get(profile);
    if (count == null) {
      throw new LauncherException(
          "topology: '" + key + "' of " + group.get("host") + " has no " + profile);
    }
    return count;
  }

  private static void checkUnique(List<String> values, String what) {
    if (values.stream().distinct().count() != values.size()) {
      throw new LauncherException("topology: duplicate " + what + " in " + values);
    }
  }
}
