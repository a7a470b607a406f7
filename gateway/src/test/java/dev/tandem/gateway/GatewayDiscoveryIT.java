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
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayDiscoveryIT {

  static final String MACHINE = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final StubInstance site =
      StubInstance.answeringOn(MACHINE, 200, "{\"id\": \"found-through-zookeeper\"}");

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.cloud.zookeeper.connect-string", () -> TandemEnvironment.get("TANDEM_ZOOKEEPER"));
    registry.add("spring.cloud.zookeeper.discovery.root", () -> "/tandem-it-" + UUID.randomUUID());
  }

  @AfterAll
  static void stopInstance() {
    site.close();
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
    try {
      // Until the gateway's watch on ZooKeeper has seen it, the gateway answers 503.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  client
                      .get()
                      .uri("/api/members/1")
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
