package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeConfigsTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @TempDir Path state;

  @Test
  void rendersEveryContainersFilesWithPathsAsTheContainersSeeThem() throws IOException {
    ComposeConfigs configs = new ComposeConfigs(ROOT, "lite", state);

    assertThat(configs.render()).isEqualTo(11);

    assertThat(state.resolve("conf/zookeeper-1/zoo.cfg"))
        .content()
        .contains("dataDir=/tandem/data/lite/zookeeper-1")
        .contains("clientPortAddress=10.247.0.11");
    assertThat(state.resolve("conf/redis-1/redis.conf"))
        .content()
        .contains("pidfile /tandem/run/redis-1/redis.pid");
    assertThat(state.resolve("conf/mysql-0-1/my.cnf"))
        .content()
        .contains("datadir                 = /tandem/data/lite/mysql-0-1");
    assertThat(state.resolve("conf/nginx-1/nginx.conf")).content().contains("10.247.0.71:8080");
    assertThat(state.resolve("conf/member-1/service.env"))
        .content()
        .contains("TANDEM_HOST_ADDRESS=10.247.0.91\n")
        .contains("TANDEM_JWT_KEYS=/tandem/data/lite/jwt\n")
        .contains("TANDEM_MYSQL_PASSWORD=")
        .doesNotContain("TANDEM_REDIS_SENTINEL_PASSWORD=\n");
    // site-service uses no database and no Redis: it gets none of their passwords
    assertThat(state.resolve("conf/site-1/service.env")).content().doesNotContain("_PASSWORD=");
    try (Stream<Path> files = Files.walk(state.resolve("conf"))) {
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
