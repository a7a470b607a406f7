package dev.tandem.gateway;

import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway, against the cluster's real ZooKeeper, finds an instance registered as {@code
 * site-service} the way site-service registers itself, and routes {@code /api/**} to it. The
 * instance listens on the machine's address on the cluster network; registrations live under a root
 * of their own so the cluster's gateway never sees them.
 *
 * <p>The request carries a member's token, and the instance publishes the keys it was signed with,
 * as site-service does: so the gateway's default key set location, {@code
 * lb://site-service/.well-known/jwks.json}, is fetched through the same discovery.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayDiscoveryIT {

  static final String MACHINE = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final TestIssuer issuer = TestIssuer.create();
  static final StubInstance site =
      StubInstance.answeringOn(MACHINE, 200, "{\"id\": \"found-through-zookeeper\"}")
          .serving(TestIssuer.KEYS_PATH, issuer.keys());

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.cloud.zookeeper.connect-string", () -> TandemEnvironment.get("TANDEM_ZOOKEEPER"));
    registry.add("spring.cloud.zookeeper.discovery.root", () -> "/tandem-it-" + UUID.randomUUID());
    registry.add("tandem.security.issuer", () -> TestIssuer.ISSUER);
    registry.add("tandem.security.audience", () -> TestIssuer.AUDIENCE);
  }

  @AfterAll
  static void stopInstance() {
    site.close();
    issuer.close();
  }

  @Autowired ZookeeperServiceRegistry registry;

  @Autowired WebTestClient client;

  @Test
  void routesToASiteServiceInstanceRegisteredInZooKeeper() {
    ZookeeperRegistration instance =
        ServiceInstanceRegistration.builder()
            .defaultUriSpec()
            .name("site-service")
            .address(MACHINE)
            .port(site.port())
            .build();
    registry.register(instance);
    String token = issuer.member(1);
    try {
      // Until the gateway's watch on ZooKeeper has seen it, the gateway answers 503.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  client
                      .get()
                      .uri("/api/members/1")
                      .headers(headers -> headers.setBearerAuth(token))
                      .exchange()
                      .expectStatus()
                      .isOk()
                      .expectBody()
                      .jsonPath("$.id")
                      .isEqualTo("found-through-zookeeper"));
    } finally {
      registry.deregister(instance);
    }
  }
}
