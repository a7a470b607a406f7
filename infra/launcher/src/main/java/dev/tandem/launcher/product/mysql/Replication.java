package dev.tandem.launcher.product.mysql;

import static dev.tandem.launcher.product.mysql.Deadline.Seen.done;
import static dev.tandem.launcher.product.mysql.Deadline.Seen.notYet;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import dev.tandem.launcher.product.mysql.guard.MariaDb;
import dev.tandem.launcher.product.mysql.guard.ServerState;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Wiring a shard: one writer, the others its replicas. The launcher does it on a cold start and for
 * servers without a running guard; where a guard runs, the guard does.
 */
final class Replication {

  private Replication() {}

  /**
   * Wires every shard, waiting for its servers to answer first. The shards share no server, so they
   * are wired at the same time.
   */
  static void wireAll(Context context, PrintStream out) {
    List<Future<?>> wirings = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int shard = 0; shard < Shards.physicalShards(context.topology()); shard++) {
        int physical = shard;
        wirings.add(executor.submit(() -> wireShard(context, physical, out)));
      }
      for (Future<?> wiring : wirings) {
        try {
          wiring.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new LauncherException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LauncherException("interrupted while wiring MySQL", e);
        }
      }
    }
  }

  /**
   * A restarted server rejoins its shard: its guard makes it a replica of the writer (or finds it
   * diverged); without a guard (lite, or a guard that is not running) the launcher wires it.
   */
  static void rejoin(Context context, Instance instance, PrintStream out) {
    if (!MySqlGuard.running(context, instance)) {
      wireShard(context, instance.shard(), out);
      return;
    }
    boolean rejoined =
        Waits.until(
            Duration.ofSeconds(120),
            Duration.ofMillis(500),
            () -> {
              Probe probe = MySqlProbe.probe(context, List.of(instance)).get(instance.name());
              if ("diverged".equals(probe.role())) {
                throw new LauncherException(instance.name() + " " + probe.detail());
              }
              return probe.healthy();
            });
    if (!rejoined) {
      throw new LauncherException(
          instance.name()
              + " did not rejoin its shard within 120 s; see ./tandem logs "
              + MySqlGuard.of(context, instance).map(Instance::name).orElse(instance.name()));
    }
  }

  /**
   * Makes one server of the shard the writer (the one already writable; else, on a cold start, the
   * one with the most advanced GTID history) and every other running server its replica. Servers
   * whose guard runs are the guard's business. Idempotent: servers that already replicate from the
   * writer are left alone.
   */
  static void wireShard(Context context, int shard, PrintStream out) {
    List<Instance> servers = Shards.servers(context.topology(), shard);
    Map<String, Supervisor.State> processes = context.supervisor().states();
    List<Instance> running =
        servers.stream()
            .filter(s -> processes.containsKey(s.name()) && processes.get(s.name()).running())
            .filter(s -> MySqlProbe.diverged(context.cluster(), s).isEmpty())
            .toList();
    Map<Instance, ServerState> states = awaitAnswers(context.cluster(), running);
    if (servers.size() == 1) {
      return;
    }
    Instance writer =
        states.entrySet().stream()
            .filter(e -> e.getValue().writer())
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (writer == null) {
      writer =
          states.entrySet().stream()
              .max(
                  (a, b) ->
                      a.getValue().progress() != b.getValue().progress()
                          ? Long.compare(a.getValue().progress(), b.getValue().progress())
                          : Integer.compare(b.getKey().ordinal(), a.getKey().ordinal()))
              .map(Map.Entry::getKey)
              .orElseThrow(
                  () -> new LauncherException("no server of MySQL shard " + shard + " runs"));
      if (MySqlGuard.running(context, writer)) {
        return;
      }
      try (MariaDb db = MySqlProbe.admin(context.cluster(), writer, Duration.ofSeconds(10))) {
        db.makeWriter();
      } catch (SQLException | IOException e) {
        throw new LauncherException(
            "cannot make " + writer.name() + " the writer: " + e.getMessage(), e);
      }
      out.printf("          mysql          shard %d: %s is the writer%n", shard, writer.name());
    }
    for (Instance server : running) {
      if (server.equals(writer) || MySqlGuard.running(context, server)) {
        continue;
      }
      ServerState state = states.get(server);
      if (state.replicating() && writer.address().equals(state.masterHost())) {
        continue;
      }
      attach(context, shard, server, writer, out);
    }
  }

  private static void attach(
      Context context, int shard, Instance server, Instance writer, PrintStream out) {
    MariaDb.Attached attached;
    try (MariaDb db = MySqlProbe.admin(context.cluster(), server, Duration.ofSeconds(10))) {
      attached =
          db.attach(
              writer.address(),
              MySql.PORT,
              MySql.REPL_USER,
              Secrets.of(context.cluster()).repl(),
              Duration.ofSeconds(30));
    } catch (IOException e) {
      throw new LauncherException(e.getMessage(), e);
    }
    switch (attached) {
      case MariaDb.Attached.Replicating r ->
          out.printf(
              "          mysql          shard %d: %s replicates from %s%n",
              shard, server.name(), writer.name());
      case MariaDb.Attached.Diverged d ->
          throw new LauncherException(
              server.name()
                  + " has transactions its shard's writer "
                  + writer.name()
                  + " lacks (diverged history: "
                  + d.detail()
                  + "), so it cannot replicate; rebuild it from the writer: ./tandem mysql rejoin "
                  + server.name()
                  + " --rebuild");
      case MariaDb.Attached.Failed f ->
          throw new LauncherException(
              "attaching " + server.name() + " to " + writer.name() + " failed: " + f.detail());
    }
  }

  /** Each server's state, once it answers; one deadline for all of them. */
  private static Map<Instance, ServerState> awaitAnswers(Cluster cluster, List<Instance> servers) {
    Map<Instance, ServerState> states = new LinkedHashMap<>();
    Deadline deadline = Deadline.after(Duration.ofSeconds(120));
    for (Instance server : servers) {
      states.put(
          server,
          deadline.await(
              Duration.ofMillis(300),
              () -> {
                try {
                  return done(MySqlProbe.state(cluster, server));
                } catch (SQLException | IOException e) {
                  return notYet(e.getMessage());
                }
              },
              seen -> server.name() + " does not answer: " + seen));
    }
    return states;
  }
}
