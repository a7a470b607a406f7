package dev.tandem.launcher.product.mysql.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.launcher.cluster.TestTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server for a test, configured from the same templates the cluster uses ({@code
 * infra/mysql/my.cnf} and {@code bootstrap.sql}), on a loopback address of its own.
 */
public final class TestServer implements AutoCloseable {

  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  final String name;
  final String address;
  final String reportedAs;
  private final Path dir;
  private Process process;

  /**
   * @param reportedAs the address its peer reaches it at ({@code report_host}), a relay's
   */
  TestServer(String name, int serverId, String address, String reportedAs, Path parent)
      throws Exception {
    this.name = name;
    this.address = address;
    this.reportedAs = reportedAs;
    this.dir = parent.resolve(name);
    for (String sub : List.of("data", "run", "logs", "conf")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Map<String, String> variables = new HashMap<>();
    variables.put("name", name);
    variables.put("host", name);
    variables.put("address", reportedAs);
    variables.put("port", "3306");
    variables.put("bind_address", address);
    variables.put("conf", dir.resolve("conf").toString());
    variables.put("data", dir.resolve("data").toString());
    variables.put("run", dir.resolve("run").toString());
    variables.put("logs", dir.resolve("logs").toString());
    variables.put("server_id", Integer.toString(serverId));
    variables.put("read_only", "ON");
    variables.put("semisync", "ON");
    variables.put("init_rpl_role", "MASTER");
    variables.put("client_hosts", "127.%");
    variables.put("repl_password", "repl");
    variables.put("monitor_password", "monitor");
    variables.put("admin_password", "admin");
    variables.put("app_password", "tandem");
    variables.put("migrate_password", "migrate");
    // the users' names as the launcher's MySql gives them
    variables.put("app_user", "tandem");
    variables.put("admin_user", "tandem_admin");
    variables.put("migrate_user", "tandem_migrate");
    variables.put("repl_user", "tandem_repl");
    variables.put("monitor_user", "tandem_monitor");
    Files.writeString(dir.resolve("conf/my.cnf"), render("my.cnf", variables));
    Files.writeString(dir.resolve("conf/bootstrap.sql"), render("bootstrap.sql", variables));
    recover(List.of());
    run(List.of("chown", "-R", "mysql:mysql", dir.toString()));
    run(
        List.of(
            "mariadb-install-db",
            "--defaults-file=" + dir.resolve("conf/my.cnf"),
            "--user=mysql",
            "--auth-root-authentication-method=socket",
            "--skip-test-db",
            "--extra-file=" + dir.resolve("conf/bootstrap.sql")));
  }

  private static String render(String template, Map<String, String> variables) throws IOException {
    return TestTemplates.render(
        Files.readString(ROOT.resolve("infra/mysql").resolve(template)),
        variables,
        Map.of("schemas", List.of(Map.of("name", "guardit"))),
        template);
  }

  /** The settings a guard gives the server when it starts it again. */
  void recover(List<String> settings) throws IOException {
    Files.writeString(
        dir.resolve("run/recovery.cnf"), "[mariadbd]\n" + String.join("\n", settings) + "\n");
  }

  void start() throws Exception {
    process =
        new ProcessBuilder("/usr/sbin/mariadbd", "--defaults-file=" + dir.resolve("conf/my.cnf"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/console.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection ignored = admin()) {
                return true;
              }
            });
  }

  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  Path dir() {
    return dir;
  }

  Connection admin() throws SQLException {
    return connect("tandem_admin", "admin");
  }

  Connection app() throws SQLException {
    return connect("tandem", "tandem");
  }

  private Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://" + address + ":3306/?connectTimeout=500&socketTimeout=10000",
        user,
        password);
  }

  void execute(String... statements) throws SQLException {
    try (Connection connection = admin();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Writable, as its own answer says; a server that does not answer is not. */
  boolean writable() {
    try (Connection connection = admin();
        Statement statement = connection.createStatement();
        var rs = statement.executeQuery("SELECT @@global.read_only")) {
      return rs.next() && !rs.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}
