package dev.tandem.launcher.product.keepalived;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Topology.Vip;
import dev.tandem.launcher.cluster.Wire;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * keepalived (VRRP only) moving a VIP between the hosts of a group: the entry VIP between the lb
 * hosts, and one VIP per MySQL shard between its primary's and its replica's hosts. Both sides
 * start as BACKUP with {@code nopreempt}, so a host that comes back never takes the VIP back.
 */
public final class Keepalived implements Product {

  @Override
  public String component() {
    return "keepalived";
  }

  public static Vip vipOf(Context context, Instance instance) {
    return context.topology().vips().stream()
        .filter(v -> v.hosts().contains(instance.host()))
        .findFirst()
        .orElseThrow(() -> new LauncherException(instance.name() + " guards no VIP"));
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Vip vip = vipOf(context, instance);
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("vip", vip.address());
    variables.put("vip_prefix", Integer.toString(context.topology().subnet().prefix()));
    variables.put("priority", Integer.toString(150 - instance.ordinal()));
    List<Map<String, String>> peers =
        vip.hosts().stream()
            .filter(h -> !h.equals(instance.host()))
            .map(h -> Map.of("address", h.address()))
            .toList();
    // VRRP router ids must be unique per VIP on the cluster's one segment: the VIP's own last octet
    variables.put("vrid", vip.address().substring(vip.address().lastIndexOf('.') + 1));
    if (vip.shard() != null) {
      variables.put("shard", Integer.toString(vip.shard()));
    }
    // What keepalived checks and notifies is its neighbours' business: each program on the host
    // lends the template its conf and run directories and its port (mysql_conf, nginx_port, ...).
    for (Instance neighbour : context.topology().onHost(instance.host())) {
      String prefix = neighbour.component().replace('-', '_');
      variables.put(prefix + "_conf", context.cluster().conf(neighbour).toString());
      variables.put(prefix + "_run", context.cluster().run(neighbour).toString());
      variables.put(prefix + "_port", Integer.toString(neighbour.port()));
    }
    return Product.renderAll(
        context, "keepalived", List.of(instance.config()), variables, Map.of("peers", peers));
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Product.super.prepare(context, instance);
    Product.installScripts(
        context,
        "keepalived",
        List.of("keepalived-run.sh", "keepalived-notify.sh"),
        context.cluster().conf(instance));
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Vip vip = vipOf(context, instance);
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .exec(
                instance.host(),
                cluster.conf(instance).resolve("keepalived-run.sh").toString(),
                cluster.conf(instance).resolve(instance.config()).toString(),
                cluster.run(instance).toString(),
                vip.address() + "/" + context.topology().subnet().prefix(),
                context.topology().networkInterface()),
        Map.of(),
        15);
  }

  /**
   * The holder is the host that has the VIP on its interface and a running keepalived: a keepalived
   * killed with SIGKILL leaves the address behind on a host that no longer serves it.
   */
  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Supervisor.State> processes = context.supervisor().states();
    Map<String, Probe> probes = new HashMap<>();
    for (Instance instance : instances) {
      Supervisor.State process = processes.get(instance.name());
      if (process == null || !process.running()) {
        probes.put(instance.name(), Probe.down("not running"));
        continue;
      }
      Vip vip = vipOf(context, instance);
      boolean holds = context.network().addresses(instance.host()).contains(vip.address());
      probes.put(
          instance.name(), new Probe(true, holds ? "master" : "backup", "VIP " + vip.address()));
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    for (Vip vip : context.topology().vips()) {
      List<Instance> guards =
          instances.stream().filter(i -> vip.hosts().contains(i.host())).toList();
      long masters =
          guards.stream().filter(i -> "master".equals(probes.get(i.name()).role())).count();
      if (masters != 1) {
        return Optional.of("VIP " + vip.address() + " has " + masters + " holders");
      }
      if (!answers(context, vip)) {
        return Optional.of("VIP " + vip.address() + " does not answer yet");
      }
    }
    return Optional.empty();
  }

  /** The VIP serves what it stands for: the port of the first program of its hosts. */
  private static boolean answers(Context context, Vip vip) {
    return Wire.listening(
        vip.address(), context.topology().onHost(vip.hosts().getFirst()).getFirst().port());
  }
}
