package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A write whose instance refuses the connection is sent again, once, to the other instance, with
 * its body and its {@code Idempotency-Key}. Two instances only: with the retry budget of one, a
 * request that met two bad instances in a row would rightly fail (GatewayRoutingTest has three).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WriteRetryTest {

  static final StubInstance healthy = StubInstance.answering(200, "{\"id\": \"1\"}");
  static final String killed = StubInstance.refusingUri();
  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[0].uri", () -> killed);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[1].uri", healthy::uri);
  }

  @AfterAll
  static void stopInstances() {
    healthy.close();
  }

  @Autowired WebTestClient client;

  @Test
  void retriesWritesOnAnotherInstanceWithTheirBodyAndIdempotencyKey() {
    for (int i = 0; i < 3; i++) {
      client
          .post()
          .uri("/api/members")
          .headers(headers -> headers.setBearerAuth(tokens.admin()))
          .header("Idempotency-Key", "key-" + i)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"name\": \"Ada\"}")
          .exchange()
          .expectStatus()
          .isOk();
    }
    assertThat(healthy.received())
        .filteredOn(received -> received.method().equals("POST"))
        .allSatisfy(
            received -> {
              assertThat(received.body()).isEqualTo("{\"name\": \"Ada\"}");
              assertThat(received.header("Idempotency-Key")).startsWith("key-");
            })
        .extracting(received -> received.header("Idempotency-Key"))
        .containsExactlyInAnyOrder("key-0", "key-1", "key-2");
  }
}
