package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An instance killed between its response's head and the end of its body (the site-kill drill
 * caught one such home page in a CI run): the request is tried again on the other instance, and the
 * user gets the whole answer from there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BrokenOffResponseTest {

  static final WholeResponseTest.PieceByPiece breaking = new WholeResponseTest.PieceByPiece();
  static final StubInstance healthy = StubInstance.answering(200, "{\"whole\":true}");
  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[0].uri", breaking::uri);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[1].uri", healthy::uri);
  }

  @AfterAll
  static void stop() throws IOException {
    breaking.close();
    healthy.close();
  }

  @Autowired WebTestClient client;

  @Test
  void aResponseThatBreaksOffIsTriedAgainOnTheOtherInstance() {
    for (int i = 0; i < 10; i++) {
      String body =
          client
              .get()
              .uri("/api/breaking")
              .headers(headers -> headers.setBearerAuth(tokens.admin()))
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();

      assertThat(body).isEqualTo("{\"whole\":true}");
    }
  }
}
