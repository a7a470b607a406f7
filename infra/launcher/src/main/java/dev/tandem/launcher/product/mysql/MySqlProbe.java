package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.product.mysql.guard.MariaDb;
import dev.tandem.launcher.product.mysql.guard.ServerState;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the servers say about themselves: each one's role (primary, replica, diverged) and health,
 * which server of a shard is the writer, and whether the shards as a whole are ready.
 */
final class MySqlProbe {

  private MySqlProbe() {}

  static MariaDb admin(Cluster cluster, Instance server, Duration socketTimeout)
      throws IOException {
    Wire.checkTarget(server.address());
    return new MariaDb(
        server.address(),
        server.port(),
        MySql.ADMIN_USER,
        Secrets.of(cluster).admin(),
        Duration.ofSeconds(1),
        socketTimeout);
  }

  static ServerState state(Cluster cluster, Instance server) throws SQLException, IOException {
    try (MariaDb db = admin(cluster, server, Duration.ofSeconds(5))) {
      return db.state();
    }
  }

  /** The writable server of a physical shard, if one runs. */
  static Optional<Instance> writer(Context context, int physicalShard) {
    for (Instance server : Shards.servers(context.topology(), physicalShard)) {
      try {
        if (state(context.cluster(), server).writer()) {
          return Optional.of(server);
        }
      } catch (SQLException | IOException e) {
        // down, isolated or still starting: ask the next
      }
    }
    return Optional.empty();
  }

  /** What its guard wrote when the server turned out to have transactions the writer lacks. */
  static Optional<String> diverged(Cluster cluster, Instance server) {
    Path marker = MySqlGuard.divergedMarker(cluster, server);
    try {
      return Files.exists(marker)
          ? Optional.of(Files.readString(marker).strip().replace('\n', ';'))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.of("diverged (" + marker + " unreadable)");
    }
  }

  static Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance server : instances) {
      Optional<String> diverged = diverged(context.cluster(), server);
      if (diverged.isPresent()) {
        probes.put(server.name(), new Probe(false, "diverged", diverged.get()));
        continue;
      }
      try {
        ServerState state = state(context.cluster(), server);
        if (state.writer()) {
          probes.put(server.name(), new Probe(true, "primary", "gtid " + state.gtidBinlogPos()));
        } else if (!state.replica().isEmpty()) {
          String lag = state.replica().get("Seconds_Behind_Master");
          probes.put(
              server.name(),
              new Probe(
                  state.replicating(),
                  "replica",
                  "of "
                      + state.masterHost()
                      + ", lag "
                      + lag
                      + ", gtid "
                      + state.replica().get("Gtid_IO_Pos")));
        } else {
          probes.put(server.name(), new Probe(false, null, "read-only, role not decided yet"));
        }
      } catch (SQLException | IOException e) {
        probes.put(server.name(), Probe.down(e.getMessage()));
      }
    }
    return probes;
  }

  /** Ready when each shard has one primary and every other server replicates without lag. */
  static Optional<String> notReady(Context context, Map<String, Probe> probes) {
    for (int shard = 0; shard < Shards.physicalShards(context.topology()); shard++) {
      List<Instance> servers = Shards.servers(context.topology(), shard);
      long primaries = servers.stream().filter(s -> "primary".equals(roleOf(probes, s))).count();
      if (primaries != 1) {
        return Optional.of("shard " + shard + " has " + primaries + " primaries");
      }
      for (Instance server : servers) {
        Probe probe = probes.get(server.name());
        if (probe != null && "diverged".equals(probe.role())) {
          return Optional.of(server.name() + " " + probe.detail());
        }
        if (probe == null || !probe.healthy()) {
          return Optional.of(server.name() + ": " + (probe == null ? "no answer" : probe.detail()));
        }
        if ("replica".equals(probe.role()) && !probe.detail().contains("lag 0,")) {
          return Optional.of(server.name() + " is catching up (" + probe.detail() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private static String roleOf(Map<String, Probe> probes, Instance server) {
    Probe probe = probes.get(server.name());
    return probe == null ? null : probe.role();
  }
}
