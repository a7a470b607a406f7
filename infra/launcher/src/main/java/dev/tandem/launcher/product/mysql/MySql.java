package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Formation;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Subnet;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.product.mysql.guard.MariaDb;
import dev.tandem.launcher.product.mysql.guard.ServerState;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MariaDB (MySQL-compatible) shards. In {@code ha} each shard is a primary and a replica with GTID
 * replication and semi-synchronous acknowledgement, behind a VIP that keepalived moves to the
 * replica (and promotes it) when the primary dies. Every server starts read-only; exactly one per
 * shard is made writable, by this class on a cold start and by keepalived's notify script on a
 * failover, so a server that comes back never becomes a second writer. In {@code lite} one server
 * holds both shards' schemas.
 */
public final class MySql implements Product {

  public static final int PORT = 3306;

  /** Logical shards the services use; {@code lite} maps both onto its one server. */
  public static final int SHARDS = 2;

  // The users; their passwords are the cluster's own (Secrets).
  public static final String APP_USER = "tandem";
  public static final String ADMIN_USER = "tandem_admin";
  public static final String MIGRATION_USER = "tandem_migrate";
  static final String REPL_USER = "tandem_repl";

  private static final List<String> SCRIPTS = List.of("mysql-check.sh", "mysql-notify.sh");

  @Override
  public String component() {
    return "mysql";
  }

  public static String database(int shard) {
    return "tandem_" + shard;
  }

  /** promotion-service's database, unsharded, on the servers of physical shard 0. */
  public static final String PROMOTION_DATABASE = "tandem_promotion";

  /** The servers of one physical shard (in lite: the one server holding every schema). */
  static List<Instance> servers(Topology topology, int physicalShard) {
    return topology.of("mysql").stream().filter(i -> i.shard() == physicalShard).toList();
  }

  public static int physicalShards(Topology topology) {
    return (int) topology.of("mysql").stream().map(Instance::shard).distinct().count();
  }

  /** Where writes to a logical shard go: its VIP in ha, its server in lite. */
  public static String writeEndpoint(Topology topology, int shard) {
    int physical = shard % physicalShards(topology);
    return topology
        .vip("mysql", physical)
        .map(v -> v.address() + ":" + PORT)
        .orElseGet(() -> servers(topology, physical).getFirst().endpoint());
  }

  /** Where reads that may lag go: the replica in ha (the VIP holder takes over if it is gone). */
  public static String readEndpoint(Topology topology, int shard) {
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
  public List<String> endpoints(Context context) {
    Topology topology = context.topology();
    Secrets secrets = Secrets.of(context.cluster());
    List<String> lines = new ArrayList<>();
    lines.add("TANDEM_MYSQL_USER=" + APP_USER);
    lines.add("TANDEM_MYSQL_PASSWORD=" + secrets.app());
    lines.add("TANDEM_MYSQL_MIGRATION_USER=" + migrationUser(secrets));
    lines.add("TANDEM_MYSQL_MIGRATION_PASSWORD=" + secrets.migrationPassword());
    for (int shard = 0; shard < SHARDS; shard++) {
      lines.add("TANDEM_MYSQL_SHARD_" + shard + "=" + writeEndpoint(topology, shard));
      lines.add("TANDEM_MYSQL_SHARD_" + shard + "_REPLICA=" + readEndpoint(topology, shard));
      lines.add("TANDEM_MYSQL_SHARD_" + shard + "_DATABASE=" + database(shard));
    }
    lines.add("TANDEM_MYSQL_PROMOTION=" + writeEndpoint(topology, 0));
    lines.add("TANDEM_MYSQL_PROMOTION_DATABASE=" + PROMOTION_DATABASE);
    return lines;
  }

  /** Who runs the services' schema migrations: a user of its own, or the admin in old data. */
  public static String migrationUser(Secrets secrets) {
    return secrets.hasMigrationUser() ? MIGRATION_USER : ADMIN_USER;
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Topology topology = context.topology();
    boolean replicated = servers(topology, instance.shard()).size() > 1;
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("server_id", Integer.toString(100 * (instance.shard() + 1) + instance.ordinal()));
    variables.put("read_only", replicated ? "ON" : "OFF");
    variables.put("semisync", replicated ? "ON" : "OFF");
    // After a failover a returning primary may hold acknowledged-but-unreplicated commits only as
    // "prepared"; as SLAVE its crash recovery cuts them instead of committing them (MDEV-21117).
    Optional<Instance> writer =
        facts.get(
            "mysql.writer." + instance.shard(),
            () -> writer(context, instance.shard()),
            Optional.empty());
    variables.put(
        "init_rpl_role", writer.isPresent() && !writer.get().equals(instance) ? "SLAVE" : "MASTER");
    // A diverged server keeps its data but takes no connections from the network (see MySqlGuard).
    variables.put(
        "bind_address",
        facts.get(
                "mysql.diverged." + instance.name(),
                () -> diverged(context.cluster(), instance).isPresent(),
                false)
            ? "127.0.0.1"
            : "0.0.0.0");
    Subnet subnet = topology.subnet();
    String clientHosts =
        Subnet.toText(subnet.network())
            + "/"
            + Subnet.toText(subnet.prefix() == 0 ? 0 : -1 << (32 - subnet.prefix()));
    variables.put("client_hosts", clientHosts);
    Secrets secrets = Secrets.of(context.cluster());
    variables.put("app_password", secrets.app());
    variables.put("migrate_password", secrets.migrationPassword());
    variables.put("repl_password", secrets.repl());
    variables.put("monitor_password", secrets.monitor());
    variables.put("admin_password", secrets.admin());
    List<String> databases =
        new ArrayList<>(schemasOn(topology, instance).stream().map(MySql::database).toList());
    if (instance.shard() == 0) {
      databases.add(PROMOTION_DATABASE);
    }
    return Product.renderAll(
        context,
        "mysql",
        List.of("my.cnf", "bootstrap.sql", "admin.cnf", "monitor.cnf"),
        variables,
        Map.of("schemas", databases.stream().map(db -> Map.of("name", db)).toList()));
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Path conf = cluster.conf(instance);
    // bootstrap.sql, admin.cnf and monitor.cnf carry the cluster's passwords
    Product.writeRootOnly(conf, render(context, instance, Facts.observe()));
    Product.installScripts(context, "mysql", SCRIPTS, conf);
    try {
      // my.cnf includes it; the guard writes recovery settings there when it restarts the server.
      Files.createDirectories(cluster.run(instance));
      Files.writeString(
          cluster.run(instance).resolve("recovery.cnf"),
          "# settings the guard gives this server when it restarts it; none yet\n[mariadbd]\n");
      for (String secret : List.of("bootstrap.sql", "admin.cnf", "monitor.cnf")) {
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
   * In {@code up}: every shard's replication wired, then the guards started (the writer's takes its
   * shard's key), then each VIP put on its writer, which keepalived holds only where a guard says
   * the writer is. In {@code start}: the returning server rejoins its shard.
   */
  @Override
  public void form(Formation formation) {
    Context context = formation.context();
    if (!formation.wholeCluster()) {
      rejoin(context, formation.started().getFirst(), formation.out());
      return;
    }
    wireReplication(context, formation.out());
    formation.startMissing(context.topology().of("mysql-guard"));
    formation.awaitReady(List.of("mysql-guard"));
    placeVips(formation);
  }

  /**
   * A restarted server rejoins its shard: its guard makes it a replica of the writer (or finds it
   * diverged); without a guard (lite, or a guard that is not running) the launcher wires it.
   */
  private void rejoin(Context context, Instance instance, PrintStream out) {
    if (!MySqlGuard.running(context, instance)) {
      wireShard(context, instance.shard(), out);
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      Probe probe = probe(context, List.of(instance)).get(instance.name());
      if ("diverged".equals(probe.role())) {
        throw new LauncherException(instance.name() + " " + probe.detail());
      }
      if (probe.healthy()) {
        return;
      }
      Waits.pause(Duration.ofMillis(500));
    }
    throw new LauncherException(
        instance.name()
            + " did not rejoin its shard within 120 s; see ./tandem logs "
            + MySqlGuard.of(context, instance).map(Instance::name).orElse(instance.name()));
  }

  // --- what the servers say about themselves ---

  static MariaDb admin(Cluster cluster, Instance server, Duration socketTimeout)
      throws IOException {
    Wire.checkTarget(server.address());
    return new MariaDb(
        server.address(),
        server.port(),
        ADMIN_USER,
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
  public static Optional<Instance> writer(Context context, int physicalShard) {
    for (Instance server : servers(context.topology(), physicalShard)) {
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
  public static Optional<String> diverged(Cluster cluster, Instance server) {
    Path marker = MySqlGuard.divergedMarker(cluster, server);
    try {
      return Files.exists(marker)
          ? Optional.of(Files.readString(marker).strip().replace('\n', ';'))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.of("diverged (" + marker + " unreadable)");
    }
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
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

  // --- wiring a shard: one writer, the others its replicas ---

  /** Wires every shard, waiting for its servers to answer first. */
  public static void wireReplication(Context context, PrintStream out) {
    for (int shard = 0; shard < physicalShards(context.topology()); shard++) {
      wireShard(context, shard, out);
    }
  }

  /**
   * Makes one server of the shard the writer (the one already writable; else, on a cold start, the
   * one with the most advanced GTID history) and every other running server its replica. Servers
   * whose guard runs are the guard's business. Idempotent: servers that already replicate from the
   * writer are left alone.
   */
  static void wireShard(Context context, int shard, PrintStream out) {
    List<Instance> servers = servers(context.topology(), shard);
    Map<String, Supervisor.State> processes = context.supervisor().states();
    List<Instance> running =
        servers.stream()
            .filter(s -> processes.containsKey(s.name()) && processes.get(s.name()).running())
            .filter(s -> diverged(context.cluster(), s).isEmpty())
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
      try (MariaDb db = admin(context.cluster(), writer, Duration.ofSeconds(10))) {
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
      MariaDb.Attached attached;
      try (MariaDb db = admin(context.cluster(), server, Duration.ofSeconds(10))) {
        attached =
            db.attach(
                writer.address(),
                PORT,
                REPL_USER,
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
  }

  /**
   * Puts each shard's VIP on its writer: keepalived starts on the writer's host first and takes the
   * VIP; only then does the peer's keepalived start. keepalived holds the VIP only where the guard
   * says the writer is (its track file), so the order matters less than it did, but it keeps the
   * start from racing.
   */
  private static void placeVips(Formation formation) {
    Context context = formation.context();
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
      formation.startMissing(List.of(guard));
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
      formation.progress("keepalived", "VIP " + vip.address() + " on " + writer.name());
    }
  }

  private static Map<Instance, ServerState> awaitAnswers(Cluster cluster, List<Instance> servers) {
    Map<Instance, ServerState> states = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (Instance server : servers) {
      while (true) {
        try {
          states.put(server, state(cluster, server));
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
}
