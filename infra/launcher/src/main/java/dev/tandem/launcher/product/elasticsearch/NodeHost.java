package dev.tandem.launcher.product.elasticsearch;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Limits;
import dev.tandem.launcher.cluster.Network;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Topology.Instance;
import java.time.Duration;
import java.util.List;

/**
 * What a node's host needs beyond its files: the unprivileged user Elasticsearch insists on, and,
 * where the machine caps open files, a loopback twin of the host's address for the transport.
 */
final class NodeHost {

  private NodeHost() {}

  /**
   * Elasticsearch refuses to start with a transport address outside loopback unless it may open
   * 65535 files. Where the machine caps that lower (sandboxes without CAP_SYS_RESOURCE do), each
   * node's transport gets a loopback "twin" of its host address, routed over the host's own
   * interface, so the nodes still talk across the hosts' network, isolation included.
   */
  static boolean loopbackTransport() {
    return Limits.openFiles() < 65535;
  }

  static String transportAddress(Instance node) {
    if (!loopbackTransport()) {
      return node.address();
    }
    String[] octets = node.address().split("\\.");
    return "127." + octets[1] + "." + octets[2] + "." + octets[3];
  }

  /**
   * Gives the host its loopback twin address on its interface and lets the kernel route it there.
   */
  static void addLoopbackTwin(Context context, Instance instance) {
    Network network = context.network();
    String ns = context.cluster().nsName(instance.host());
    String prefix = "/" + context.topology().subnet().prefix();
    String iface = context.topology().networkInterface();
    String loopback = Proc.check("ip", "-n", ns, "-4", "-o", "addr", "show", "dev", "lo");
    if (loopback.contains("127.0.0.1/8")) {
      // 127.0.0.0/8 on lo would swallow the twins of the other hosts
      Proc.check("ip", "-n", ns, "addr", "del", "127.0.0.1/8", "dev", "lo");
      Proc.check("ip", "-n", ns, "addr", "add", "127.0.0.1/32", "dev", "lo");
    }
    if (!network.addresses(instance.host()).contains(transportAddress(instance))) {
      Proc.check("ip", "-n", ns, "addr", "add", transportAddress(instance) + prefix, "dev", iface);
    }
    Proc.check(
        "ip",
        "netns",
        "exec",
        ns,
        "sysctl",
        "-q",
        "-w",
        "net.ipv4.conf.all.route_localnet=1",
        "net.ipv4.conf." + iface + ".route_localnet=1");
  }

  static void ensureUser() {
    if (!Proc.run(List.of("id", "-u", Elasticsearch.USER), Duration.ofSeconds(5)).ok()) {
      Proc.run(
          List.of(
              "useradd",
              "--system",
              "--user-group",
              "--no-create-home",
              "--shell",
              "/usr/sbin/nologin",
              Elasticsearch.USER),
          Duration.ofSeconds(10));
    }
  }
}
