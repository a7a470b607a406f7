package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Instance;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster's endpoints as {@code KEY=value} lines: what integration tests, drills and services
 * read. The cluster gives its own; every product that runs adds its own ({@link
 * Product#endpoints}), in the topology's order.
 */
public record Endpoints(Context context) {

  public static Endpoints of(Context context) {
    return new Endpoints(context);
  }

  /** The entry point users reach (in ha the lb VIP), from the {@code TANDEM_URL} line. */
  public String url() {
    String prefix = "TANDEM_URL=";
    return lines().stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new LauncherException("no product gives the cluster an entry point"));
  }

  public List<String> lines() {
    Topology topology = context.topology();
    Set<String> lines = new LinkedHashSet<>();
    lines.add("TANDEM_CLUSTER=" + context.cluster().name);
    lines.add("TANDEM_PROFILE=" + topology.profile());
    // The machine's own address on the cluster subnet: what a process running outside the hosts
    // (a test) registers in Dubbo, never the machine's LAN address.
    lines.add("TANDEM_MACHINE_ADDRESS=" + context.network().machineAddress());
    for (String component : topology.components()) {
      if (!topology.of(component).isEmpty()) {
        lines.addAll(context.product(component).endpoints(context));
      }
    }
    // Access tokens: the keys that sign and verify them (private halves: root only), and what
    // every token of this cluster says it is from and for.
    lines.add("TANDEM_JWT_KEYS=" + Tokens.keyDirectory(context.cluster()));
    lines.add("TANDEM_JWT_ISSUER=" + Tokens.issuer(context.cluster()));
    lines.add("TANDEM_JWT_AUDIENCE=" + Tokens.AUDIENCE);
    return List.copyOf(lines);
  }

  /** {@code host:port} of every instance of the component, comma-separated. */
  public static String of(Topology topology, String component) {
    return topology.of(component).stream().map(Instance::endpoint).collect(Collectors.joining(","));
  }
}
