package dev.tandem.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.TandemEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * site-service, started whole against the cluster's real ZooKeeper, registers itself as {@code
 * site-service} at the address it was given, and ZooKeeper discovery (the client the gateway uses)
 * finds it there. It binds and registers only the machine's address on the cluster's network; its
 * registrations live under a root of their own so the cluster's gateway never routes to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SiteRegistrationIT {

  static final String MACHINE = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final String ZOOKEEPER = TandemEnvironment.get("TANDEM_ZOOKEEPER");

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add("server.address", () -> MACHINE);
    registry.add("tandem.instance.host-address", () -> MACHINE);
    registry.add("spring.cloud.zookeeper.connect-string", () -> ZOOKEEPER);
    registry.add("spring.cloud.zookeeper.discovery.root", () -> "/tandem-it-" + UUID.randomUUID());
    registry.add("dubbo.registry.address", () -> "zookeeper://" + ZOOKEEPER);
    registry.add("dubbo.protocol.host", () -> MACHINE);
    registry.add("tandem.security.keys", () -> TandemEnvironment.get("TANDEM_JWT_KEYS"));
    registry.add("tandem.security.issuer", () -> TandemEnvironment.get("TANDEM_JWT_ISSUER"));
  }

  @Autowired DiscoveryClient discovery;

  @LocalServerPort int port;

  @Test
  void registersItselfForTheGatewayAtItsOwnAddressAndAnswersThere() throws Exception {
    ServiceInstance instance =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    discovery.getInstances("site-service").stream()
                        .filter(found -> found.getPort() == port)
                        .findFirst()
                        .orElse(null),
                found -> found != null);

    assertThat(instance.getHost()).isEqualTo(MACHINE);

    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> readiness =
          http.send(
              HttpRequest.newBuilder(URI.create(instance.getUri() + "/actuator/health/readiness"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body()).contains("\"UP\"");
    }
  }
}
