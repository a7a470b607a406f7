package dev.tandem.launcher;

import dev.tandem.launcher.Topology.Instance;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * MariaDB (MySQL-compatible) shards. In {@code ha} each shard is a primary and a replica with GTID
 * replication and semi-synchronous acknowledgement, behind a VIP that keepalived moves to the
 * replica (and promotes it) when the primary dies. Every server starts read-only; exactly one per
 * shard is made writable, by this class on a cold start and by keepalived's notify script on a
 * failover, so a server that comes back never becomes a second writer. In {@code lite} one server
 * holds both shards' schemas.
 */
final class MySql implements Product {

  static final int PORT = 3306;

  /** Logical shards the services use; {@code lite} maps both onto its one server. */
  static final int SHARDS = 2;

  static final String APP_USER = "tandem";
  static final String APP_PASSWORD = "tandem";
  // Local development cluster credentials, reachable only on the cluster's private subnet.
  static final String ADMIN_USER = "tandem_admin";
  static final String ADMIN_PASSWORD = "tandem-admin";
  static final String MONITOR_PASSWORD = "tandem-monitor";
  static final String REPL_PASSWORD = "tandem-repl";
  static final String SEMISYNC_TIMEOUT_MS = "2000";
  private static final List<String> SCRIPTS =
      List.of("mysql-check.sh", "mysql-promote.sh", "mysql-notify.sh", "mysql-role.sh");

  @Override
  public String component() {
    return "mysql";
  }

  static String database(int shard) {
    return "tandem_" + shard;
  }

  /** promotion-service's database, unsharded, on the servers of physical shard 0. */
  static final String PROMOTION_DATABASE = "tandem_promotion";

  /** The servers of one physical shard (in lite: the one server holding every schema). */
  static List<Instance> servers(Topology topology, int physicalShard) {
    return topology.of("mysql").stream().filter(i -> i.shard() == physicalShard).toList();
  }

  static int physicalShards(Topology topology) {
    return (int) topology.of("mysql").stream().map(Instance::shard).distinct().count();
  }

  /** Where writes to a logical shard go: its VIP in ha, its server in lite. */
  static String writeEndpoint(Topology topology, int shard) {
    int physical = shard % physicalShards(topology);
    return topology
        .vip("mysql", physical)
        .map(v -> v.address() + ":" + PORT)
        .orElseGet(() -> servers(topology, physical).getFirst().endpoint());
  }

  /** Where reads that may lag go: the replica in ha (the VIP holder takes over if it is gone). */
  static String readEndpoint(Topology topology, int shard) {
    List<Instance> servers = servers(topology, shard % physicalShards(topology));
    return servers.getLast().endpoint();
  }

  private static List<Integer> schemasOn(Topology topology, Instance server) {
    int physical = physicalShards(topology);
    List<Integer> shards = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      if (shard % physical == server.shard()) {
        shards.add(shard);
      }
    }
    return shards;
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Topology topology = context.topology();
    boolean replicated = servers(topology, instance.shard()).size() > 1;
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("server_id", Integer.toString(100 * (instance.shard() + 1) + instance.ordinal()));
    variables.put("read_only", replicated ? "ON" : "OFF");
    variables.put("semisync", replicated ? "ON" : "OFF");
    variables.put("semisync_timeout_ms", SEMISYNC_TIMEOUT_MS);
    variables.put("innodb_buffer_pool_size", "64M");
    // After a failover a returning primary may hold acknowledged-but-unreplicated commits only as
    // "prepared"; as SLAVE its crash recovery cuts them instead of committing them (MDEV-21117).
    Optional<Instance> writer = facts.mysqlWriter(instance.shard());
    variables.put(
        "init_rpl_role", writer.isPresent() && !writer.get().equals(instance) ? "SLAVE" : "MASTER");
    Subnet subnet = topology.subnet();
    String clientHosts =
        Subnet.toText(subnet.network())
            + "/"
            + Subnet.toText(subnet.prefix() == 0 ? 0 : -1 << (32 - subnet.prefix()));
    variables.put("client_hosts", clientHosts);
    variables.put("repl_password", REPL_PASSWORD);
    variables.put("monitor_password", MONITOR_PASSWORD);
    variables.put("admin_password", ADMIN_PASSWORD);
    List<String> databases =
        new ArrayList<>(schemasOn(topology, instance).stream().map(MySql::database).toList());
    if (instance.shard() == 0) {
      databases.add(PROMOTION_DATABASE);
    }
    variables.put(
        "schemas_sql",
        databases.stream()
            .map(
                db ->
                    "CREATE DATABASE IF NOT EXISTS `"
                        + db
                        + "`;\n"
                        + "GRANT ALL ON `"
                        + db
                        + "`.* TO '"
                        + APP_USER
                        + "'@'"
                        + clientHosts
                        + "';\n"
                        + "GRANT ALL ON `"
                        + db
                        + "`.* TO '"
                        + APP_USER
                        + "'@'localhost';")
            .collect(Collectors.joining("\n")));
    return Product.renderAll(
        context,
        "mysql",
        List.of("my.cnf", "bootstrap.sql", "admin.cnf", "monitor.cnf"),
        variables);
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Path conf = cluster.conf(instance);
    Product.write(conf, render(context, instance, Facts.observe(context)));
    Product.installScripts(context, "mysql", SCRIPTS, conf);
    try {
      for (String secret : List.of("admin.cnf", "monitor.cnf")) {
        Files.setPosixFilePermissions(
            conf.resolve(secret), PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new LauncherException("cannot protect " + conf + ": " + e.getMessage(), e);
    }
    for (Path dir :
        List.of(cluster.data(instance), cluster.run(instance), cluster.logDir(instance))) {
      Proc.check(List.of("mkdir", "-p", dir.toString()), Duration.ofSeconds(10));
      Proc.check(List.of("chown", "-R", "mysql:mysql", dir.toString()), Duration.ofSeconds(30));
    }
    if (!Files.isDirectory(cluster.data(instance).resolve("mysql"))) {
      Proc.check(
          List.of(
              "mariadb-install-db",
              "--defaults-file=" + conf.resolve("my.cnf"),
              "--user=mysql",
              "--auth-root-authentication-method=socket",
              "--skip-test-db",
              "--extra-file=" + conf.resolve("bootstrap.sql")),
          Duration.ofSeconds(120));
    }
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .exec(
                instance.host(),
                "/usr/sbin/mariadbd",
                "--defaults-file=" + context.cluster().conf(instance).resolve("my.cnf")),
        Map.of(),
        60);
  }

  @Override
  public int stopWaitSeconds() {
    return 60;
  }

  /**
   * A restarted server rejoins its shard: as replica of the writer, or as writer on a cold start.
   */
  @Override
  public void afterStart(Context context, Instance instance, PrintStream out) {
    wireShard(context, instance.shard(), out);
  }

  // --- what the servers say about themselves ---

  /** One server's view: writable or not, its GTID position, and its replication thread states. */
  record ServerState(boolean readOnly, String gtidBinlogPos, Map<String, String> replica) {
    boolean writer() {
      return !readOnly;
    }

    boolean replicating() {
      return "Yes".equals(replica.get("Slave_IO_Running"))
          && "Yes".equals(replica.get("Slave_SQL_Running"));
    }

    /** The sequence number of the last transaction in GTID domain 0, or -1 when there is none. */
    long lastSequence() {
      for (String gtid : gtidBinlogPos.split(",")) {
        String[] parts = gtid.trim().split("-");
        if (parts.length == 3 && parts[0].equals("0")) {
          return Long.parseLong(parts[2]);
        }
      }
      return -1;
    }
  }

  static Connection connect(String address, int port, String user, String password)
      throws SQLException, IOException {
    Wire.checkTarget(address);
    return DriverManager.getConnection(
        "jdbc:mariadb://" + address + ":" + port + "/?connectTimeout=1000&socketTimeout=5000",
        user,
        password);
  }

  static ServerState state(Instance server) throws SQLException, IOException {
    try (Connection connection =
            connect(server.address(), server.port(), ADMIN_USER, ADMIN_PASSWORD);
        Statement statement = connection.createStatement()) {
      boolean readOnly;
      String gtid;
      try (ResultSet rs =
          statement.executeQuery("SELECT @@global.read_only, @@global.gtid_binlog_pos")) {
        rs.next();
        readOnly = rs.getBoolean(1);
        gtid = rs.getString(2);
      }
      Map<String, String> replica = new LinkedHashMap<>();
      try (ResultSet rs = statement.executeQuery("SHOW SLAVE STATUS")) {
        if (rs.next()) {
          for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
            replica.put(rs.getMetaData().getColumnLabel(column), rs.getString(column));
          }
        }
      }
      return new ServerState(readOnly, gtid == null ? "" : gtid, replica);
    }
  }

  /** The writable server of a physical shard, if one runs. */
  static Optional<Instance> writer(Context context, int physicalShard) {
    for (Instance server : servers(context.topology(), physicalShard)) {
      try {
        if (state(server).writer()) {
          return Optional.of(server);
        }
      } catch (SQLException | IOException e) {
        // down, isolated or still starting: ask the next
      }
    }
    return Optional.empty();
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance server : instances) {
      try {
        ServerState state = state(server);
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
                      + state.replica().get("Master_Host")
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

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    for (int shard = 0; shard < physicalShards(context.topology()); shard++) {
      List<Instance> servers = servers(context.topology(), shard);
      long primaries = servers.stream().filter(s -> "primary".equals(roleOf(probes, s))).count();
      if (primaries != 1) {
        return Optional.of("shard " + shard + " has " + primaries + " primaries");
      }
      for (Instance server : servers) {
        Probe probe = probes.get(server.name());
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

  // --- wiring a shard: one writer, the others its replicas ---

  /** Wires every shard, waiting for its servers to answer first. */
  static void wireReplication(Context context, PrintStream out) {
    for (int shard = 0; shard < physicalShards(context.topology()); shard++) {
      wireShard(context, shard, out);
    }
  }

  /**
   * Makes one server of the shard the writer (the one already writable; else, on a cold start, the
   * one with the most advanced GTID history) and every other running server its replica.
   * Idempotent: servers that already replicate from the writer are left alone.
   */
  static void wireShard(Context context, int shard, PrintStream out) {
    List<Instance> servers = servers(context.topology(), shard);
    Map<String, Supervisor.State> processes = context.supervisor().states();
    List<Instance> running =
        servers.stream()
            .filter(s -> processes.containsKey(s.name()) && processes.get(s.name()).running())
            .toList();
    Map<Instance, ServerState> states = awaitAnswers(running);
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
                      a.getValue().lastSequence() != b.getValue().lastSequence()
                          ? Long.compare(a.getValue().lastSequence(), b.getValue().lastSequence())
                          : Integer.compare(b.getKey().ordinal(), a.getKey().ordinal()))
              .map(Map.Entry::getKey)
              .orElseThrow(
                  () -> new LauncherException("no server of MySQL shard " + shard + " runs"));
      makeWriter(writer);
      out.printf("          mysql          shard %d: %s is the writer%n", shard, writer.name());
    }
    for (Instance server : running) {
      if (server.equals(writer)) {
        continue;
      }
      ServerState state = states.get(server);
      if (state.replicating() && writer.address().equals(state.replica().get("Master_Host"))) {
        continue;
      }
      Proc.Result result =
          Proc.run(
              context
                  .network()
                  .exec(
                      server.host(),
                      context.cluster().conf(server).resolve("mysql-role.sh").toString(),
                      context.cluster().conf(server).toString(),
                      writer.address(),
                      Integer.toString(PORT),
                      Integer.toString(server.ordinal()),
                      REPL_PASSWORD),
              Duration.ofSeconds(90));
      if (result.exit() == 2) {
        throw new LauncherException(
            server.name()
                + " has transactions its shard's writer "
                + writer.name()
                + " lacks (diverged history), so it cannot replicate; to rebuild it from the writer: "
                + "./tandem stop "
                + server.name()
                + " && rm -rf "
                + context.cluster().data(server)
                + " && ./tandem start "
                + server.name()
                + "\n"
                + result.output().strip());
      }
      if (!result.ok()) {
        throw new LauncherException(
            "attaching "
                + server.name()
                + " to "
                + writer.name()
                + " failed:\n"
                + result.output().strip());
      }
      out.printf(
          "          mysql          shard %d: %s replicates from %s%n",
          shard, server.name(), writer.name());
    }
  }

  /**
   * Puts each shard's VIP on its writer: keepalived starts on the writer's host first and takes the
   * VIP; only then does the peer's keepalived start (as backup). Both run nopreempt, so whoever
   * starts first would otherwise keep the VIP, and its notify script would promote it.
   */
  static void placeVips(Context context, Up up) {
    Map<String, Supervisor.State> processes = context.supervisor().states();
    for (Topology.Vip vip : context.topology().vips()) {
      if (!vip.group().equals("mysql")) {
        continue;
      }
      Instance writer =
          writer(context, vip.shard())
              .orElseThrow(
                  () -> new LauncherException("MySQL shard " + vip.shard() + " has no writer"));
      Instance guard =
          context.topology().onHost(writer.host()).stream()
              .filter(i -> i.component().equals("keepalived"))
              .findFirst()
              .orElseThrow();
      Supervisor.State state = processes.get(guard.name());
      if (state != null && state.running()) {
        continue;
      }
      up.startAll(List.of(guard));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!context.network().addresses(writer.host()).contains(vip.address())) {
        if (System.nanoTime() > deadline) {
          throw new LauncherException(
              guard.name()
                  + " did not take VIP "
                  + vip.address()
                  + "; see ./tandem logs "
                  + guard.name());
        }
        Waits.pause(Duration.ofMillis(200));
      }
      up.progress("keepalived", "VIP " + vip.address() + " on " + writer.name());
    }
  }

  private static Map<Instance, ServerState> awaitAnswers(List<Instance> servers) {
    Map<Instance, ServerState> states = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (Instance server : servers) {
      while (true) {
        try {
          states.put(server, state(server));
          break;
        } catch (SQLException | IOException e) {
          if (System.nanoTime() > deadline) {
            throw new LauncherException(server.name() + " does not answer: " + e.getMessage());
          }
          Waits.pause(Duration.ofMillis(300));
        }
      }
    }
    return states;
  }

  private static void makeWriter(Instance server) {
    try (Connection connection =
            connect(server.address(), server.port(), ADMIN_USER, ADMIN_PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("STOP SLAVE");
      statement.execute("RESET SLAVE ALL");
      // Only the writer waits for a replica's acknowledgement (see my.cnf).
      statement.execute(
          "SET GLOBAL rpl_semi_sync_master_enabled = @@global.rpl_semi_sync_slave_enabled");
      statement.execute("SET GLOBAL read_only = 0");
    } catch (SQLException | IOException e) {
      throw new LauncherException(
          "cannot make " + server.name() + " the writer: " + e.getMessage(), e);
    }
  }
}
