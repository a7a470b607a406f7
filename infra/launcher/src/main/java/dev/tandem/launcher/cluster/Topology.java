package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The hosts, program instances and VIPs of one profile, expanded from {@code infra/topology.yml}.
 */
public record Topology(
    String profile,
    Subnet subnet,
    String networkInterface,
    List<Stage> stages,
    List<String> components,
    List<Host> hosts,
    List<Instance> instances,
    List<Vip> vips) {

  public static final List<String> PROFILES = List.of("lite", "ha");

  /** A network namespace with one address on the cluster subnet. */
  public record Host(String name, String group, String address, Integer shard, int ordinal) {}

  /**
   * One step of {@code up}: start these components, wait until those work, then run the formation
   * steps named (a product's, by its component, or one the caller adds, such as {@code rules}).
   */
  public record Stage(List<String> start, List<String> ready, List<String> then) {}

  /** A JVM's initial and maximum heap, as {@code -Xms}/{@code -Xmx} take them ({@code 256m}). */
  public record Heap(String initial, String max) {
    public String initialOption() {
      return "-Xms" + initial;
    }

    public String maxOption() {
      return "-Xmx" + max;
    }
  }

  /**
   * One supervised program on one host. {@code product} names the launcher's product that runs it;
   * {@code config} names its template when it has a choice; {@code ports} are its further ports by
   * name; {@code heap} is null for non-JVM programs.
   */
  public record Instance(
      String name,
      String component,
      String product,
      Host host,
      int port,
      int ordinal,
      Integer shard,
      String config,
      Map<String, Integer> ports,
      Heap heap) {

    public String address() {
      return host.address();
    }

    public String endpoint() {
      return host.address() + ":" + port;
    }
  }

  /** A virtual address that keepalived moves between the hosts of one group (and shard). */
  public record Vip(String group, Integer shard, String address, List<Host> hosts) {}

  public static Topology load(Path file, String profile, Optional<String> subnetOverride) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      return TopologyFile.expand(root, profile, subnetOverride);
    } catch (IOException e) {
      throw new LauncherException("cannot read topology " + file + ": " + e.getMessage(), e);
    }
  }

  public List<Instance> of(String component) {
    return instances.stream().filter(i -> i.component().equals(component)).toList();
  }

  /** The product that runs the component (its own name when this profile has no instance of it). */
  public String productOf(String component) {
    return instances.stream()
        .filter(i -> i.component().equals(component))
        .map(Instance::product)
        .findFirst()
        .orElse(component);
  }

  /** The components a product runs, in topology order: {@code service} runs the four services. */
  public List<String> componentsOf(String product) {
    return instances.stream()
        .filter(i -> i.product().equals(product))
        .map(Instance::component)
        .distinct()
        .toList();
  }

  public Optional<Instance> instance(String name) {
    return instances.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public Instance require(String name) {
    return instance(name)
        .orElseThrow(
            () ->
                new LauncherException(
                    "no instance named '"
                        + name
                        + "' in profile "
                        + profile
                        + "; ./tandem status lists them"));
  }

  public List<Host> group(String group) {
    return hosts.stream().filter(h -> h.group().equals(group)).toList();
  }

  public Optional<Vip> vip(String group, Integer shard) {
    return vips.stream()
        .filter(v -> v.group().equals(group) && java.util.Objects.equals(v.shard(), shard))
        .findFirst();
  }

  public List<Instance> onHost(Host host) {
    return instances.stream().filter(i -> i.host().equals(host)).toList();
  }
}
