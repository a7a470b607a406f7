package dev.tandem.launcher.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ComposeConfigsTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @TempDir Path state;

  @Test
  void rendersEveryContainersFilesWithPathsAsTheContainersSeeThem() throws IOException {
    ComposeConfigs configs = new ComposeConfigs(ROOT, "lite", state);

    assertThat(configs.render()).isEqualTo(11);

    assertThat(state.resolve("hosts/zookeeper-1/zookeeper-1/zoo.cfg"))
        .content()
        .contains("dataDir=/tandem/data/lite/zookeeper-1")
        .contains("clientPortAddress=10.247.0.11");
    assertThat(state.resolve("hosts/redis-1/redis-1/redis.conf"))
        .content()
        .contains("pidfile /tandem/run/redis-1/redis.pid");
    assertThat(state.resolve("hosts/mysql-0-1/mysql-0-1/my.cnf"))
        .content()
        .contains("datadir                 = /tandem/data/lite/mysql-0-1");
    assertThat(state.resolve("hosts/lb-1/nginx-1/nginx.conf"))
        .content()
        .contains("10.247.0.71:8080");
    assertThat(state.resolve("hosts/member-1/member-1/service.env"))
        .content()
        .contains("TANDEM_HOST_ADDRESS=10.247.0.91\n")
        .contains("TANDEM_JWT_KEYS=/tandem/data/lite/jwt\n")
        .contains("TANDEM_MYSQL_PASSWORD=")
        .doesNotContain("TANDEM_REDIS_SENTINEL_PASSWORD=\n")
        // containers start at the priority they keep: nothing to take back
        .doesNotContain("TANDEM_NICE_WHEN_SERVING");
    // site-service uses no database and no Redis: it gets none of their passwords
    assertThat(state.resolve("hosts/site-1/site-1/service.env"))
        .content()
        .doesNotContain("_PASSWORD=");
    try (Stream<Path> files = Files.walk(state.resolve("hosts"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(file).content().as(file.toString()).doesNotContain(state.toString());
      }
    }
  }

  @Test
  void litesMySqlHostRunsItsServerAloneAndIsReadyWhenItAnswers() {
    new ComposeConfigs(ROOT, "lite", state).render();

    assertThat(state.resolve("hosts/mysql-0-1/supervisord.conf")).doesNotExist();
    assertThat(state.resolve("hosts/mysql-0-1/ready")).content().isEqualTo("10.247.0.51 3306\n");
  }

  @Test
  void anHaMySqlHostRunsItsServerGuardAndKeepalivedUnderOneSupervisor() throws IOException {
    ComposeConfigs configs = new ComposeConfigs(ROOT, "ha", state);

    configs.render();

    Path host = state.resolve("hosts/mysql-1-2");
    assertThat(host.resolve("supervisord.conf"))
        .content()
        .contains(
            "[program:mysql-1-2]\ncommand=mariadbd --defaults-file=/tandem/conf/mysql-1-2/my.cnf")
        .contains("[program:mysql-guard-1-2]")
        .contains("GuardMain /tandem/conf/mysql-guard-1-2/guard.properties")
        .contains("[program:keepalived-mysql-1-2]")
        .contains("keepalived-mysql.conf /tandem/run/keepalived-mysql-1-2 10.247.0.252/24 eth0");
    // the guard restarts its server through this supervisord, found where natively
    assertThat(host.resolve("mysql-guard-1-2/guard.properties"))
        .content()
        .contains("supervisor.config=/tandem/supervisord.conf")
        .contains("zookeeper.connect=10.247.0.11:2181,10.247.0.12:2181,10.247.0.13:2181");
    assertThat(host.resolve("keepalived-mysql-1-2/keepalived-run.sh")).isExecutable();
    assertThat(host.resolve("mysql-1-2/mysql-check.sh")).isExecutable();
    // the services start once both shards have a writer at their VIPs
    assertThat(host.resolve("ready")).content().isEqualTo("10.247.0.251 3306\n10.247.0.252 3306\n");
    // an lb host: nginx and its keepalived
    assertThat(state.resolve("hosts/lb-2/keepalived-2/keepalived-lb.conf"))
        .content()
        .contains("10.247.0.250/24");
    assertThat(state.resolve("hosts/lb-2/nginx-2/nginx.conf"))
        .content()
        .contains("10.247.0.71:8080")
        .contains("10.247.0.72:8080");
    try (Stream<Path> files = Files.walk(state.resolve("hosts"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(file).content().as(file.toString()).doesNotContain(state.toString());
      }
    }
  }

  @Test
  void givesTheNacosServersSecretsOfTheirOwnOnceAndKeepsThem() throws IOException {
    new ComposeConfigs(ROOT, "lite", state).render();
    Path file = state.resolve("conf/nacos/" + ComposeConfigs.NACOS_ENV);
    String first = Files.readString(file);

    // the image refuses to start without these; the token key must be Base64 of 32 bytes or more
    assertThat(first)
        .containsPattern("(?m)^NACOS_AUTH_TOKEN=[A-Za-z0-9+/]{43}=$")
        .containsPattern("(?m)^NACOS_AUTH_IDENTITY_KEY=\\S+$")
        .containsPattern("(?m)^NACOS_AUTH_IDENTITY_VALUE=[0-9a-f]{32}$");
    assertThat(Files.getPosixFilePermissions(file.getParent()))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    new ComposeConfigs(ROOT, "lite", state).render();
    assertThat(file).content().isEqualTo(first);
  }

  @Test
  void testsReachTheEntryPointThroughThePublishedPort() {
    List<String> env = new ComposeConfigs(ROOT, "lite", state).env();

    assertThat(env)
        .contains(
            "TANDEM_URL=http://127.0.0.1:" + ComposeConfigs.DEFAULT_HTTP_PORT,
            "TANDEM_ZOOKEEPER=10.247.0.11:2181",
            "TANDEM_RUNTIME=compose");
  }
}
