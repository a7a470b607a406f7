package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tandem restart --rolling SERVICE|all}: restarts a service's instances one at a time,
 * each from the newest build. Before it stops an instance it checks that the others are ready; the
 * stop is graceful (the instance leaves its registry, waits, drains; see common/platform's shutdown
 * package); the replacement must be ready, which for a service means registered too, and then stay
 * ready for a warm-up while it takes its share of the load, before the next instance stops.
 */
public final class RollingRestart {

  static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(10);

  /** The product that runs Tandem's own services, as infra/topology.yml names it. */
  private static final String SERVICE = "service";

  private final Context context;
  private final PrintStream out;
  private final Duration warmUp;
  private final long started = System.nanoTime();

  RollingRestart(Context context, PrintStream out, Duration warmUp) {
    this.context = context;
    this.out = out;
    this.warmUp = warmUp;
  }

  /**
   * The services of the topology (the components product/service/ runs), in the order {@code up}
   * starts them: its stages start providers before their consumers and the entry last.
   */
  static List<String> all(Topology topology) {
    List<String> started = topology.stages().stream().flatMap(s -> s.start().stream()).toList();
    return topology.componentsOf(SERVICE).stream()
        .sorted(
            Comparator.comparingInt(
                c -> started.contains(c) ? started.indexOf(c) : Integer.MAX_VALUE))
        .toList();
  }

  /** The services a target names: one service, or all of them. */
  static List<String> services(Topology topology, String target) {
    List<String> services = all(topology);
    if (target.equals("all")) {
      return services;
    }
    if (services.contains(target)) {
      return List.of(target);
    }
    throw new LauncherException(
        "cannot roll '"
            + target
            + "': name a service ("
            + String.join(", ", services)
            + ") or all; middleware fails over instead, see ./tandem drill");
  }

  void run(List<String> services) {
    for (String service : services) {
      List<Instance> instances = context.topology().of(service);
      if (instances.size() < 2) {
        say(
            service,
            "has one instance in "
                + context.topology().profile()
                + ": requests to it fail while it restarts (use ha for zero downtime)");
      }
      for (Instance instance : instances) {
        restart(service, instances, instance);
      }
    }
    say("done", "restarted " + String.join(", ", services) + " one instance at a time");
  }

  private void restart(String service, List<Instance> instances, Instance instance) {
    Product product = context.product(service);
    Map<String, Probe> probes = product.probe(context, instances);
    for (Instance other : instances) {
      Probe probe = probes.get(other.name());
      if (other != instance && (probe == null || !probe.healthy())) {
        throw new LauncherException(
            "not stopping "
                + instance.name()
                + ": "
                + other.name()
                + " is not ready, and a rolling restart never takes away the last ready instance;"
                + " start it (./tandem start "
                + other.name()
                + ") and run the restart again");
      }
    }
    InstanceControl control =
        new InstanceControl(context, new PrintStream(OutputStream.nullOutputStream()));
    long stopAt = System.nanoTime();
    say(instance.name(), "stopping (leaves the registry, keeps serving a moment, drains)");
    control.stop(instance);
    say(instance.name(), "stopped in " + seconds(System.nanoTime() - stopAt));
    long startAt = System.nanoTime();
    control.start(instance);
    say(instance.name(), "ready and registered in " + seconds(System.nanoTime() - startAt));
    if (!warmUp.isZero()) {
      say(
          instance.name(),
          "warming up under its share of the load for " + seconds(warmUp.toNanos()));
      long deadline = System.nanoTime() + warmUp.toNanos();
      while (System.nanoTime() < deadline) {
        Waits.pause(Duration.ofSeconds(1));
        Probe probe = product.probe(context, List.of(instance)).get(instance.name());
        if (probe == null || !probe.healthy()) {
          throw new LauncherException(
              instance.name()
                  + " stopped being ready while warming up ("
                  + (probe == null ? "no answer" : probe.detail())
                  + "); the restart stops here, see ./tandem logs "
                  + instance.name());
        }
      }
    }
  }

  private void say(String subject, String message) {
    out.printf("%8.1fs  %-14s %s%n", (System.nanoTime() - started) / 1e9, subject, message);
    out.flush();
  }

  private static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }
}
