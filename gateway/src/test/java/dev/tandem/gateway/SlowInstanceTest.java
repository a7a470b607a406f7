package dev.tandem.gateway;

import static dev.tandem.gateway.GatewayProblems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SlowInstanceTest {

  static final TestIssuer tokens = TestIssuer.shared();

  static final StubInstance slow = StubInstance.hanging();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
    // Long enough for the request to reach the stub on a busy 2-core machine (at 500 ms the first
    // request of a cold context sometimes timed out before it was sent): it must be seen to arrive.
    registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "3s");
    registry.add("spring.cloud.discovery.client.simple.instances.site-service[0].uri", slow::uri);
  }

  @AfterAll
  static void release() {
    slow.close();
  }

  @Autowired WebTestClient client;

  /**
   * The path needs a token; an operator's reaches every member's. The first request also fetches
   * the keys and checks a signature for the first time, which on a busy machine can take seconds of
   * a cold JVM: the client waits longer than its default 5 s for the gateway's 504.
   */
  @BeforeEach
  void signIn() {
    client =
        client
            .mutate()
            .responseTimeout(Duration.ofSeconds(15))
            .defaultHeaders(headers -> headers.setBearerAuth(tokens.admin()))
            .build();
  }

  @Test
  void answersGatewayTimeoutWithoutRetryingASlowInstance() {
    expectProblem(client, "/api/members/1", HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout");

    // The stub records a request when its handler runs, which on a busy machine can be after the
    // gateway has already given up on it; a retry would follow within milliseconds.
    // (The gateway's warm-up reads the key set there first: only the routed path counts.)
    await().atMost(Duration.ofSeconds(5)).until(() -> routed().size() == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(routed()).hasSize(1));
  }

  private static List<StubInstance.Received> routed() {
    return slow.received().stream()
        .filter(request -> request.path().equals("/api/members/1"))
        .toList();
  }
}
