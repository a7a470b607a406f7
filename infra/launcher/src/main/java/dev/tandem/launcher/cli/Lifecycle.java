package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Down;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Observer;
import dev.tandem.launcher.cluster.StatusReport;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Up;
import dev.tandem.launcher.product.service.Service;
import dev.tandem.launcher.rules.LiveRules;
import dev.tandem.launcher.rules.RuleFile;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cluster as a whole: {@code up}, {@code down}, {@code status}, {@code env}, and probes. */
final class Lifecycle {

  private Lifecycle() {}

  static int up(Invocation invocation, List<String> args) {
    if (args.size() > 1) {
      return invocation.usage("up takes at most one profile");
    }
    String profile = args.isEmpty() ? "ha" : args.getFirst();
    if (!Topology.PROFILES.contains(profile)) {
      return invocation.usage("unknown profile '" + profile + "': choose lite or ha");
    }
    Contexts contexts = invocation.contexts();
    Optional<Context> recorded = contexts.recorded();
    if (recorded.isPresent()
        && recorded.get().supervisor().running()
        && !recorded.get().topology().profile().equals(profile)) {
      throw new LauncherException(
          "cluster '"
              + invocation.clusterName()
              + "' is up as "
              + recorded.get().topology().profile()
              + "; run ./tandem down first to switch to "
              + profile);
    }
    String subnet = System.getenv("TANDEM_SUBNET");
    if (subnet == null && recorded.isPresent()) {
      subnet = recorded.get().topology().subnet().toString();
    }
    Context context = contexts.context(profile, subnet);
    // Checked before anything starts: a broken rule file stops `up` with the cluster unchanged.
    List<RuleFile.RuleSet> rules = LiveRules.defaults(context.cluster().infra("sentinel"));
    // so is the AOT setting, read again when each service starts
    Service.aotCacheWanted(System.getenv("TANDEM_AOT_CACHE"));
    PrintStream out = invocation.out();
    Up up =
        new Up(
            context,
            out,
            Up.timeout(),
            Map.of("rules", forming -> LiveRules.loadDefaults(context, rules, forming::progress)));
    up.run();
    up.progress("up", profile + " is up: " + Endpoints.of(context).url());
    out.println();
    out.println("  entry point:  " + Endpoints.of(context).url());
    out.println("  status:       ./tandem status");
    out.println("  endpoints:    ./tandem env");
    return Main.DONE;
  }

  static int down(Invocation invocation, List<String> args) {
    boolean purge = args.contains("--purge");
    if (args.stream().anyMatch(a -> !a.equals("--purge"))) {
      return invocation.usage("down takes only --purge");
    }
    Contexts contexts = invocation.contexts();
    Context context =
        contexts.recorded().orElseGet(() -> contexts.context("ha", System.getenv("TANDEM_SUBNET")));
    context.network().checkOwner();
    PrintStream out = invocation.out();
    if (context.supervisor().running()) {
      if (context.network().routed()) {
        for (String component : context.topology().components()) {
          context.product(component).beforeShutdown(context);
        }
      }
      out.println("stopping every instance of cluster '" + invocation.clusterName() + "'");
      context.supervisor().shutdown();
    }
    Down.killStrays(context);
    context.network().destroy();
    Down.removeLeftovers(context, purge);
    out.println(
        "cluster '"
            + invocation.clusterName()
            + "' is down"
            + (purge ? " and its data is deleted" : "; data kept in " + context.cluster().data()));
    return Main.DONE;
  }

  static int status(Invocation invocation, List<String> args) {
    boolean json = args.contains("--json");
    Optional<Context> context = invocation.contexts().running();
    PrintStream out = invocation.out();
    if (context.isEmpty()) {
      if (json) {
        out.println(
            "{\"profile\": null, \"vip\": {\"address\": null, \"holder\": null}, \"instances\": []}");
      } else {
        out.println(
            "cluster '"
                + invocation.clusterName()
                + "' is not up; start it with ./tandem up [lite|ha]");
      }
      return Main.NOT_UP;
    }
    List<Observer.Row> rows = new Observer(context.get()).rows();
    out.print(
        json ? StatusReport.json(context.get(), rows) : StatusReport.table(context.get(), rows));
    return Main.DONE;
  }

  static int env(Invocation invocation, List<String> args) {
    Context context = invocation.contexts().requireUp();
    Endpoints.of(context).lines().forEach(invocation.out()::println);
    return Main.DONE;
  }

  /** The profile that runs, for the script's {@code test}; nothing and exit 3 when none does. */
  static int profile(Invocation invocation, List<String> args) {
    Optional<Context> up = invocation.contexts().running();
    up.ifPresent(c -> invocation.out().println(c.topology().profile()));
    return up.isPresent() ? Main.DONE : Main.NOT_UP;
  }

  static int isUp(Invocation invocation, List<String> args) {
    return invocation.contexts().running().isPresent() ? Main.DONE : Main.NOT_UP;
  }

  /**
   * The services' modules, one per line, as the topology names them (the product {@code service}
   * runs them); with an instance name, exit 0 only if that instance runs a service.
   */
  static int services(Invocation invocation, List<String> args) {
    Topology topology =
        Topology.load(invocation.root().resolve("infra/topology.yml"), "ha", Optional.empty());
    List<String> services = topology.componentsOf("service");
    if (args.isEmpty()) {
      services.forEach(invocation.out()::println);
      return Main.DONE;
    }
    return topology
            .instance(args.getFirst())
            .filter(instance -> services.contains(instance.component()))
            .isPresent()
        ? Main.DONE
        : Main.FAILED;
  }
}
