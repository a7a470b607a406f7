package dev.tandem.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the ITs' containers are made of, read from docker-compose.yml: a change there that they
 * could not start from (a service without an address or a tandem-probe check) fails here, at once.
 */
class TandemContainersTest {

  final Path root = TandemEnvironment.root();

  @Test
  void theMiddlewareIsEveryComposeServiceNotBuiltHereNorInFrontOfOne() {
    assertThat(TandemContainers.middleware(root, false))
        .containsOnlyKeys(
            "zookeeper-1", "kafka-1", "redis-1", "sentinel-1", "elasticsearch-1", "mysql-0-1");
  }

  @Test
  void everyContainerHasAnAddressOnTheSubnetAndAProbeTheTestsCanRun() {
    String subnet =
        TandemContainers.subnet(TandemContainers.yaml(root.resolve("docker-compose.yml")));
    String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);

    TandemContainers.middleware(root, false)
        .forEach(
            (name, service) -> {
              assertThat(TandemContainers.address(service)).as(name).startsWith(prefix);
              assertThat(String.valueOf(((Map<?, ?>) service.get("healthcheck")).get("test")))
                  .as(name)
                  .contains("tandem-probe");
            });
  }

  @Test
  void offlineImagesReplaceTheOfficialOnes() {
    assertThat(TandemContainers.middleware(root, false).values())
        .allSatisfy(
            service ->
                assertThat(String.valueOf(service.get("image"))).doesNotStartWith("localhost/"));
    assertThat(TandemContainers.middleware(root, true).values())
        .allSatisfy(
            service -> assertThat(String.valueOf(service.get("image"))).startsWith("localhost/"));
  }
}
