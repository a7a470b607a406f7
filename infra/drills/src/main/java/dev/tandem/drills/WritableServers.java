package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every 250 ms, from outside (this machine, as a client would), asks each MySQL server whether it
 * takes writes; a shard with two writable servers that clients can reach is a violation. Once the
 * fault is undone: exactly one primary per shard, and the cut-off server a replica (or diverged and
 * fenced) within 60 s.
 */
final class WritableServers implements Watch {

  static final Duration PERIOD = Duration.ofMillis(250);

  private record Server(String name, int shard, String host) {}

  private final Tandem tandem;
  private final Map<String, String> env;
  private final String target;
  private final List<Server> servers = new ArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, Object> findings = new LinkedHashMap<>();
  private final AtomicLong samples = new AtomicLong();
  private final Map<Integer, Integer> mostWritable = new ConcurrentHashMap<>();
  private Sampler sampler;

  WritableServers(Tandem tandem, Map<String, String> env, String target) {
    this.tandem = tandem;
    this.env = env;
    this.target = target;
    for (JsonNode instance : tandem.status().path("instances")) {
      if (instance.path("component").asText().equals("mysql")) {
        servers.add(
            new Server(
                instance.path("name").asText(),
                instance.path("shard").asInt(),
                instance.path("address").asText().split(":")[0]));
      }
    }
  }

  @Override
  public void start() {
    sampler = new Sampler("writable-servers", PERIOD, Drill.LONGEST, this::sample);
  }

  private void sample() {
    Map<Server, Boolean> writable = new LinkedHashMap<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<Server, Future<Boolean>> answers = new LinkedHashMap<>();
      for (Server server : servers) {
        answers.put(server, executor.submit(() -> writable(server)));
      }
      for (var answer : answers.entrySet()) {
        try {
          writable.put(answer.getKey(), answer.getValue().get());
        } catch (Exception e) {
          writable.put(answer.getKey(), false);
        }
      }
    }
    samples.incrementAndGet();
    Map<Integer, List<String>> byShard = new TreeMap<>();
    writable.forEach(
        (server, yes) -> {
          if (yes) {
            byShard.computeIfAbsent(server.shard(), s -> new ArrayList<>()).add(server.name());
          }
        });
    byShard.forEach(
        (shard, names) -> {
          mostWritable.merge(shard, names.size(), Math::max);
          if (names.size() > 1) {
            violations.add(
                "at "
                    + System.currentTimeMillis()
                    + " shard "
                    + shard
                    + " had "
                    + names.size()
                    + " writable servers clients can reach: "
                    + names);
          }
        });
  }

  /** Writable and reachable by the application's account; not reachable counts as not writable. */
  private boolean writable(Server server) {
    return "0".equals(ask(server, "SELECT @@global.read_only", 1));
  }

  /**
   * Replicating, as the application's account sees it: Slave_running is ON while both the receiving
   * and the applying thread run; not reachable counts as not replicating.
   */
  private boolean replicating(Server server) {
    return "ON".equalsIgnoreCase(ask(server, "SHOW GLOBAL STATUS LIKE 'Slave_running'", 2));
  }

  /** One column of the query's first row, or null when the server cannot be asked. */
  private String ask(Server server, String query, int column) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:mariadb://" + server.host() + ":3306/?connectTimeout=200&socketTimeout=500",
                env.get("TANDEM_MYSQL_USER"),
                env.get("TANDEM_MYSQL_PASSWORD"));
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      return rs.next() ? rs.getString(column) : null;
    } catch (SQLException e) {
      return null;
    }
  }

  /**
   * Waits until each shard has one primary and the cut-off server is a replica (or diverged and
   * fenced), for at most 60 s after the heal. While the users' load still runs, it asks the servers
   * themselves, every {@link #PERIOD}: a diverged server listens on loopback only, so that way sees
   * only a replica. Then it asks {@code ./tandem status}, once a second. Asked during the load,
   * status (a launcher JVM that probes every instance) took the CPU the chain needed: in a dev run
   * at 8 requests a second with 0.25 of a core taken away, nearly every request failed from the
   * heal until 24 s after it, and a CI run failed this drill the same way.
   */
  @Override
  public void restored(long nanos) throws InterruptedException {
    long quietUntil = nanos + Drill.AFTER_RESTORE.toNanos();
    while (System.nanoTime() < quietUntil) {
      if (rejoinedBySql()) {
        rejoined("replica", nanos);
        return;
      }
      Thread.sleep(PERIOD);
    }
    long deadline = nanos + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Map<Integer, Integer> primaries = new TreeMap<>();
      String targetRole = null;
      for (JsonNode instance : tandem.status().path("instances")) {
        if (!instance.path("component").asText().equals("mysql")) {
          continue;
        }
        String role = instance.path("role").asText();
        if (role.equals("primary")) {
          primaries.merge(instance.path("shard").asInt(), 1, Integer::sum);
        }
        if (instance.path("name").asText().equals(target)) {
          targetRole =
              role.equals("replica") && !instance.path("healthy").asBoolean() ? "rejoining" : role;
        }
      }
      last = "primaries per shard " + primaries + ", " + target + " " + targetRole;
      boolean onePrimaryEach =
          primaries.values().stream().allMatch(n -> n == 1)
              && primaries.size() == servers.stream().map(Server::shard).distinct().count();
      if (onePrimaryEach && ("replica".equals(targetRole) || "diverged".equals(targetRole))) {
        rejoined(targetRole, nanos);
        return;
      }
      Thread.sleep(Duration.ofSeconds(1));
    }
    violations.add("60 s after the heal: " + last);
  }

  /** Each shard has exactly one writable server, and the cut-off one, not writable, replicates. */
  private boolean rejoinedBySql() {
    Map<Integer, Integer> writers = new TreeMap<>();
    boolean targetReplicates = false;
    for (Server server : servers) {
      if (writable(server)) {
        writers.merge(server.shard(), 1, Integer::sum);
      } else if (server.name().equals(target)) {
        targetReplicates = replicating(server);
      }
    }
    return targetReplicates
        && writers.values().stream().allMatch(n -> n == 1)
        && writers.size() == servers.stream().map(Server::shard).distinct().count();
  }

  private void rejoined(String role, long healedNanos) {
    findings.put("old_primary_after_heal", role);
    findings.put("rejoined_after_heal_ms", (System.nanoTime() - healedNanos) / 1_000_000);
  }

  @Override
  public List<String> violations() {
    return violations.size() > 10
        ? List.copyOf(violations.subList(0, 10))
        : List.copyOf(violations);
  }

  @Override
  public Map<String, Object> findings() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("writable_samples", samples.get());
    all.put("most_writable_servers_per_shard", new TreeMap<>(mostWritable));
    all.putAll(findings);
    return all;
  }

  @Override
  public void close() {
    if (sampler != null) {
      sampler.close();
    }
  }
}
