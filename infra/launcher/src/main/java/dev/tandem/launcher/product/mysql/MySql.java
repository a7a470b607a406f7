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
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MariaDB (MySQL-compatible) shards. In {@code ha} each shard is a primary and a replica with GTID
 * replication and semi-synchronous acknowledgement, behind a VIP that keepalived holds where the
 * shard's guard ({@link MySqlGuard}) says the writer is; the guard promotes the replica when the
 * primary dies. Every server starts read-only; exactly one per shard is made writable, by the
 * launcher on a cold start ({@link Replication}) and by its guard on a failover, so a server that
 * comes back never becomes a second writer. In {@code lite} one server holds both shards' schemas.
 */
public final class MySql implements Product {

  public static final int PORT = 3306;

  /** Logical shards the services use; {@code lite} maps both onto its one server. */
  public static final int SHARDS = 2;

  /** promotion-service's database, unsharded, on the servers of physical shard 0. */
  public static final String PROMOTION_DATABASE = "tandem_promotion";

  // The users; their passwords are the cluster's own (Secrets).
  public static final String APP_USER = "tandem";
  public static final String ADMIN_USER = "tandem_admin";
  public static final String MIGRATION_USER = "tandem_migrate";
  static final String REPL_USER = "tandem_repl";
  static final String MONITOR_USER = "tandem_monitor";

  /** The users' names, for the templates that create them or log in as them. */
  static void users(Map<String, String> variables) {
    variables.put("app_user", APP_USER);
    variables.put("admin_user", ADMIN_USER);
    variables.put("migrate_user", MIGRATION_USER);
    variables.put("repl_user", REPL_USER);
    variables.put("monitor_user", MONITOR_USER);
  }

  private static final List<String> SCRIPTS = List.of("mysql-check.sh", "mysql-notify.sh");

  @Override
  public String component() {
    return "mysql";
  }

  // Entry points for callers outside this package; the work is done in Shards, MySqlProbe and
  // Replication.

  public static String database(int shard) {
    return Shards.database(shard);
  }

  public static int physicalShards(Topology topology) {
    return Shards.physicalShards(topology);
  }

  /** Where writes to a logical shard go: its VIP in ha, its server in lite. */
  public static String writeEndpoint(Topology topology, int shard) {
    return Shards.writeEndpoint(topology, shard);
  }

  /** Where reads that may lag go: the replica in ha (the VIP holder takes over if it is gone). */
  public static String readEndpoint(Topology topology, int shard) {
    return Shards.readEndpoint(topology, shard);
  }

  /** The writable server of a physical shard, if one runs. */
  public static Optional<Instance> writer(Context context, int physicalShard) {
    return MySqlProbe.writer(context, physicalShard);
  }

  /** What its guard wrote when the server turned out to have transactions the writer lacks. */
  public static Optional<String> diverged(Cluster cluster, Instance server) {
    return MySqlProbe.diverged(cluster, server);
  }

  /** Wires every shard, waiting for its servers to answer first. */
  public static void wireReplication(Context context, PrintStream out) {
    Replication.wireAll(context, out);
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
    boolean replicated = Shards.servers(topology, instance.shard()).size() > 1;
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("server_id", Integer.toString(100 * (instance.shard() + 1) + instance.ordinal()));
    variables.put("read_only", replicated ? "ON" : "OFF");
    variables.put("semisync", replicated ? "ON" : "OFF");
    // After a failover a returning primary may hold acknowledged-but-unreplicated commits only as
    // "prepared"; as SLAVE its crash recovery cuts them instead of committing them (MDEV-21117).
    Optional<Instance> writer =
        facts.get(
            "mysql.writer." + instance.shard(),
            () -> MySqlProbe.writer(context, instance.shard()),
            Optional.empty());
    variables.put(
        "init_rpl_role", writer.isPresent() && !writer.get().equals(instance) ? "SLAVE" : "MASTER");
    // A diverged server keeps its data but takes no connections from the network (see MySqlGuard).
    variables.put(
        "bind_address",
        facts.get(
                "mysql.diverged." + instance.name(),
                () -> MySqlProbe.diverged(context.cluster(), instance).isPresent(),
                false)
            ? "127.0.0.1"
            : "0.0.0.0");
    Subnet subnet = topology.subnet();
    String clientHosts =
        Subnet.toText(subnet.network())
            + "/"
            + Subnet.toText(subnet.prefix() == 0 ? 0 : -1 << (32 - subnet.prefix()));
    variables.put("client_hosts", clientHosts);
    users(variables);
    Secrets secrets = Secrets.of(context.cluster());
    variables.put("app_password", secrets.app());
    variables.put("migrate_password", secrets.migrationPassword());
    variables.put("repl_password", secrets.repl());
    variables.put("monitor_password", secrets.monitor());
    variables.put("admin_password", secrets.admin());
    List<String> databases = Shards.databasesOn(topology, instance);
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
   * In {@code up}: every shard's replication wired, then the writers' guards started, each alone
   * beside its shard until it holds the shard's key, then the other guards; then each VIP put on
   * its writer, which keepalived holds only where a guard says the writer is. In {@code start}: the
   * returning server rejoins its shard.
   *
   * <p>Why the writers' guards go first: a guard that cannot renew the key within its start-up
   * grace must fence its server (it cannot tell a slow ZooKeeper from being cut off), and on a busy
   * machine ZooKeeper may not answer for that long. With its peer's guard running, the peer then
   * took the key and the writer moved away from the server the launcher chose; alone, the writer's
   * guard takes the key itself once ZooKeeper answers, and its server stays the writer.
   */
  @Override
  public void form(Formation formation) {
    Context context = formation.context();
    if (!formation.wholeCluster()) {
      Replication.rejoin(context, formation.started().getFirst(), formation.out());
      return;
    }
    Replication.wireAll(context, formation.out());
    List<Instance> writersGuards = new ArrayList<>();
    for (int shard = 0; shard < Shards.physicalShards(context.topology()); shard++) {
      MySqlProbe.writer(context, shard)
          .flatMap(writer -> MySqlGuard.of(context, writer))
          .ifPresent(writersGuards::add);
    }
    formation.startMissing(writersGuards);
    for (Instance guard : writersGuards) {
      boolean holds =
          Waits.until(
              Duration.ofSeconds(120),
              Duration.ofMillis(250),
              () -> "leader".equals(MySqlGuard.probe(guard).role()));
      if (!holds) {
        throw new LauncherException(
            guard.name()
                + " did not take its shard's key within 120 s: is ZooKeeper up? See ./tandem logs "
                + guard.name());
      }
    }
    formation.startMissing(context.topology().of("mysql-guard"));
    formation.awaitReady(List.of("mysql-guard"));
    VipPlacement.place(formation);
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    return MySqlProbe.probe(context, instances);
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    return MySqlProbe.notReady(context, probes);
  }
}
