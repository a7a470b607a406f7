package dev.tandem.launcher.product.mysql.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fencing rule against real MariaDB servers and the cluster's real ZooKeeper: two servers of a
 * shard (started here from the cluster's own templates), a guard beside each, and relays between
 * them that this test cuts like a cable. A primary cut off from its peer and from ZooKeeper stops
 * taking writes within its lease, before its peer can take the key and promote; no write it
 * acknowledged is missing from the new primary; and after the heal it rejoins as a replica.
 */
public class GuardIT {

  private static final Duration LEASE = Duration.ofMillis(2000);
  private static final Duration TICK = Duration.ofMillis(100);

  private static Path dir;
  private static TestServer a;
  private static TestServer b;
  private static final List<Blackhole> cable = new ArrayList<>();
  private static final List<Guard> guards = new ArrayList<>();
  private static String zookeeper;

  @BeforeAll
  static void shard() throws Exception {
    zookeeper = clusterZooKeeper();
    dir = Files.createTempDirectory(Path.of("target"), "guard-it-").toAbsolutePath();
    // mariadbd runs as mysql: it must be able to enter the directory
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    // Each server on its own loopback address; each reaches the other only through a relay.
    a = new TestServer("a", 101, "127.0.77.1", "127.0.78.1", dir);
    b = new TestServer("b", 102, "127.0.77.2", "127.0.78.2", dir);
    a.start();
    b.start();
    for (int port : List.of(3306, 8008)) {
      cable.add(new Blackhole("127.0.78.1", port, "127.0.77.1", port));
      cable.add(new Blackhole("127.0.78.2", port, "127.0.77.2", port));
    }
    String[] zk = zookeeper.split(",")[0].split(":");
    cable.add(new Blackhole("127.0.79.1", 2181, zk[0], Integer.parseInt(zk[1])));

    try (MariaDb server = admin(a)) {
      server.makeWriter();
    }
    a.execute("CREATE TABLE guardit.w (id BIGINT PRIMARY KEY)");
    try (MariaDb server = admin(b)) {
      assertThat(server.attach("127.0.78.1", 3306, "tandem_repl", "repl", Duration.ofSeconds(30)))
          .isInstanceOf(MariaDb.Attached.Replicating.class);
    }
    String key = "/tandem-it/guard-" + UUID.randomUUID() + "/leader";
    guards.add(guard(a, "127.0.78.2", "b", "127.0.79.1:2181", key));
    guards.add(guard(b, "127.0.78.1", "a", zookeeper, key));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> state(guards.getFirst()).contains("\"keyMine\": true"));
  }

  private static MariaDb admin(TestServer server) {
    return new MariaDb(
        server.address,
        3306,
        "tandem_admin",
        "admin",
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }

  private static Guard guard(TestServer server, String peer, String peerName, String zk, String key)
      throws Exception {
    Path own = dir.resolve("guard-" + server.name);
    Files.createDirectories(own);
    GuardSettings settings =
        new GuardSettings(
            "guard-" + server.name,
            server.name,
            server.address,
            3306,
            8008,
            peerName,
            peer,
            zk,
            key,
            Duration.ofMillis(4000),
            Duration.ofMillis(250),
            TICK,
            Duration.ofMillis(2000),
            Duration.ofMillis(1000),
            Duration.ofMillis(1000),
            Duration.ofMillis(1500),
            Duration.ofMillis(3000),
            Duration.ofMillis(400),
            "tandem_admin",
            "admin",
            "tandem",
            "tandem_repl",
            "repl",
            own.resolve("writer"),
            server.dir().resolve("run/recovery.cnf"),
            server.dir().resolve("diverged"),
            own.resolve("unused.pid"),
            own.resolve("unused.conf"));
    ServerProcess process =
        new ServerProcess(
            settings.pidFile(), settings.recoveryFile(), settings.supervisorConfig(), server.name) {
          @Override
          void kill() {
            try {
              server.kill();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          void start(String why, List<String> recovery) {
            try {
              server.recover(recovery);
              server.start();
            } catch (Exception e) {
              throw new IllegalStateException("cannot start " + server.name + " again", e);
            }
          }
        };
    Guard guard = new Guard(settings, process, System::nanoTime);
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                guard.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    return guard;
  }

  @Test
  void aCutOffPrimaryStopsTakingWritesBeforeItsPeerPromotesAndLosesNothingItAcknowledged()
      throws Exception {
    assertThat(a.writable()).isTrue();
    assertThat(b.writable()).isFalse();
    Set<Long> acknowledged = new ConcurrentSkipListSet<>();
    Thread client = Thread.ofVirtual().start(() -> writeUntilInterrupted(acknowledged));
    await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > 20);

    cable.forEach(Blackhole::cut);
    long cutAt = System.nanoTime();
    long fencedAt = -1;
    long promotedAt = -1;
    List<String> both = new ArrayList<>();
    while (System.nanoTime() - cutAt < Duration.ofSeconds(20).toNanos() && promotedAt < 0) {
      boolean aWrites = a.writable();
      boolean bWrites = b.writable();
      long now = System.nanoTime();
      if (aWrites && bWrites) {
        both.add((now - cutAt) / 1_000_000 + " ms");
      }
      if (!aWrites && fencedAt < 0) {
        fencedAt = now;
      }
      if (bWrites) {
        promotedAt = now;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    client.interrupt();
    client.join();

    long fencedMs = (fencedAt - cutAt) / 1_000_000;
    long marginMs = (promotedAt - fencedAt) / 1_000_000;
    System.out.printf(
        "guard IT: fenced %d ms after the cut, peer promoted %d ms after that (%d ms after the cut)%n",
        fencedMs, marginMs, (promotedAt - cutAt) / 1_000_000);
    assertThat(both).as("moments when both servers took writes").isEmpty();
    assertThat(fencedAt).as("the cut-off primary stopped taking writes").isPositive();
    assertThat(promotedAt).as("the peer promoted").isPositive();
    assertThat(fencedMs)
        .as("fenced within its lease plus two ticks and a slack for a busy machine")
        .isLessThanOrEqualTo(LEASE.plus(TICK.multipliedBy(2)).toMillis() + 700);
    assertThat(marginMs)
        .as("the peer promoted only well after the fence")
        .isGreaterThanOrEqualTo(1000);
    assertThat(rows(b)).as("every write the old primary acknowledged").containsAll(acknowledged);

    cable.forEach(Blackhole::heal);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              try (MariaDb server = admin(a)) {
                ServerState state = server.state();
                assertThat(state.readOnly()).isTrue();
                assertThat(state.masterHost()).isEqualTo("127.0.78.2");
                assertThat(state.replicating()).as(state.replica().toString()).isTrue();
              }
            });
    b.execute("INSERT INTO guardit.w VALUES (-1)");
    await().atMost(Duration.ofSeconds(10)).until(() -> rows(a).equals(rows(b)));
  }

  private static void writeUntilInterrupted(Set<Long> acknowledged) {
    long next = 1;
    while (!Thread.currentThread().isInterrupted()) {
      long id = next++;
      try (Connection connection = a.app();
          Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO guardit.w VALUES (" + id + ")");
        acknowledged.add(id);
      } catch (SQLException e) {
        // not acknowledged: may or may not have been written
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Set<Long> rows(TestServer server) throws SQLException {
    Set<Long> ids = new java.util.TreeSet<>();
    try (Connection connection = server.admin();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT id FROM guardit.w")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static String state(Guard guard) {
    return guard.stateDocument();
  }

  /** The cluster's ZooKeeper, from {@code ./tandem env}: a real one, never a stand-in. */
  private static String clusterZooKeeper() throws Exception {
    Process env =
        new ProcessBuilder(TestServer.ROOT.resolve("tandem").toString(), "env")
            .redirectErrorStream(true)
            .start();
    String output = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!env.waitFor(60, TimeUnit.SECONDS) || env.exitValue() != 0) {
      fail(
          "the guard's test needs the cluster's ZooKeeper: start one with ./tandem up lite\n"
              + output);
    }
    return output
        .lines()
        .filter(line -> line.startsWith("TANDEM_ZOOKEEPER="))
        .map(line -> line.substring("TANDEM_ZOOKEEPER=".length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("./tandem env names no ZooKeeper:\n" + output));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    guards.forEach(Guard::close);
    for (Blackhole relay : cable) {
      relay.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (dir != null) {
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
