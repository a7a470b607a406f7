package dev.tandem.launcher.product.mysql;

import static dev.tandem.launcher.product.mysql.Deadline.Seen.done;
import static dev.tandem.launcher.product.mysql.Deadline.Seen.notYet;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.mysql.guard.MariaDb;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code ./tandem mysql rejoin NAME [--rebuild]}: makes a MySQL server a replica of its shard's
 * writer again. Without {@code --rebuild} it attaches the server where its history allows; a
 * diverged server (it has transactions the writer lacks) needs {@code --rebuild}, which sets its
 * data directory aside and clones the writer's with mariadb-backup (a hot backup: the writer keeps
 * taking writes), then replicates from the backup's GTID position.
 */
public final class MySqlRejoin {

  private final Context context;
  private final PrintStream out;

  public MySqlRejoin(Context context, PrintStream out) {
    this.context = context;
    this.out = out;
  }

  public void run(Instance server, boolean rebuild) {
    if (!server.component().equals("mysql")) {
      throw new LauncherException(server.name() + " is not a MySQL server");
    }
    List<Instance> shard = Shards.servers(context.topology(), server.shard());
    if (shard.size() < 2) {
      throw new LauncherException(server.name() + "'s shard has no other server to rejoin");
    }
    Instance writer =
        MySqlProbe.writer(context, server.shard())
            .orElseThrow(
                () ->
                    new LauncherException(
                        "shard " + server.shard() + " has no writer now; see ./tandem status"));
    if (writer.equals(server)) {
      throw new LauncherException(server.name() + " is its shard's writer: nothing to rejoin");
    }
    if (rebuild) {
      rebuild(server, writer);
      return;
    }
    MySqlProbe.diverged(context.cluster(), server)
        .ifPresent(
            marker -> {
              throw new LauncherException(
                  server.name()
                      + " "
                      + marker
                      + "; --rebuild discards those transactions (its data directory is kept)");
            });
    attach(server, writer, null);
  }

  private void attach(Instance server, Instance writer, String startAfter) {
    MariaDb.Attached attached;
    try (MariaDb db = MySqlProbe.admin(context.cluster(), server, Duration.ofSeconds(10))) {
      attached =
          db.attach(
              writer.address(),
              MySql.PORT,
              MySql.REPL_USER,
              Secrets.of(context.cluster()).repl(),
              Duration.ofSeconds(60),
              startAfter);
    } catch (IOException e) {
      throw new LauncherException(e.getMessage(), e);
    }
    switch (attached) {
      case MariaDb.Attached.Replicating r ->
          out.println(server.name() + " replicates from " + writer.name());
      case MariaDb.Attached.Diverged d ->
          throw new LauncherException(
              server.name()
                  + " has transactions "
                  + writer.name()
                  + " lacks ("
                  + d.detail()
                  + "); rebuild it: ./tandem mysql rejoin "
                  + server.name()
                  + " --rebuild");
      case MariaDb.Attached.Failed f ->
          throw new LauncherException(
              "attaching " + server.name() + " to " + writer.name() + " failed: " + f.detail());
    }
  }

  private void rebuild(Instance server, Instance writer) {
    Cluster cluster = context.cluster();
    Supervisor supervisor = context.supervisor();
    List<String> programs =
        MySqlGuard.of(context, server)
            .map(guard -> List.of(guard.name(), server.name()))
            .orElse(List.of(server.name()));
    out.println("stopping " + String.join(" and ", programs));
    supervisor.stop(programs);

    Path data = cluster.data(server);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path kept = data.resolveSibling(data.getFileName() + ".before-rebuild-" + stamp);
    try {
      if (Files.exists(data)) {
        Files.move(data, kept);
        out.println("kept the old data directory as " + kept);
      }
    } catch (IOException e) {
      throw new LauncherException("cannot set " + data + " aside: " + e.getMessage(), e);
    }

    out.println("cloning " + writer.name() + " with mariadb-backup (a hot backup)");
    Path writerRun = cluster.run(writer);
    List<String> backup =
        List.of(
            "mariadb-backup",
            "--backup",
            "--target-dir=" + data,
            "--datadir=" + cluster.data(writer),
            "--socket=" + writerRun.resolve("mysqld.sock"),
            "--user=" + MySql.ADMIN_USER,
            "--password=" + Secrets.of(cluster).admin());
    Proc.Result cloned = Proc.run(backup, Duration.ofMinutes(10));
    if (!cloned.ok()) {
      throw new LauncherException(
          "mariadb-backup could not clone "
              + writer.name()
              + "; "
              + server.name()
              + " stays stopped (its old data: "
              + kept
              + "); run the rebuild again:\n"
              + cloned
                  .output()
                  .strip()
                  .lines()
                  .skip(Math.max(0, cloned.output().lines().count() - 15))
                  .reduce("", (a, b) -> a + b + "\n"));
    }
    Proc.check(
        List.of("mariadb-backup", "--prepare", "--target-dir=" + data), Duration.ofMinutes(10));
    Proc.check(List.of("chown", "-R", "mysql:mysql", data.toString()), Duration.ofSeconds(60));
    String position = backupPosition(data);

    try {
      Files.deleteIfExists(MySqlGuard.divergedMarker(cluster, server));
    } catch (IOException e) {
      throw new LauncherException("cannot remove the diverged marker: " + e.getMessage(), e);
    }
    context.product("mysql").prepare(context, server);
    supervisor.start(List.of(server.name()));
    awaitAnswer(server);
    attach(server, writer, position);
    MySqlGuard.of(context, server)
        .ifPresent(
            guard -> {
              context.product("mysql-guard").prepare(context, guard);
              supervisor.start(List.of(guard.name()));
            });
    out.println("rebuilt " + server.name() + " from " + writer.name() + " at GTID " + position);
  }

  /**
   * The GTID position the backup is consistent with. mariadb-backup records it as {@code
   * xtrabackup_binlog_info} (10.11) or {@code mariadb_backup_binlog_info} (11.x).
   */
  private static String backupPosition(Path data) {
    Path info = data.resolve("mariadb_backup_binlog_info");
    if (!Files.exists(info)) {
      info = data.resolve("xtrabackup_binlog_info");
    }
    try {
      String[] fields = Files.readString(info).strip().split("\\s+");
      if (fields.length < 3) {
        throw new LauncherException(info + " has no GTID position: " + String.join(" ", fields));
      }
      return fields[2];
    } catch (IOException e) {
      throw new LauncherException("cannot read " + info + ": " + e.getMessage(), e);
    }
  }

  private void awaitAnswer(Instance server) {
    Deadline.after(Duration.ofSeconds(120))
        .await(
            Duration.ofMillis(500),
            () -> {
              try {
                return done(MySqlProbe.state(context.cluster(), server));
              } catch (Exception e) {
                return notYet(e.getMessage());
              }
            },
            seen -> server.name() + " does not answer after the rebuild: " + seen);
  }
}
