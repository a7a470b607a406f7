package dev.tandem.gateway;

import static dev.tandem.gateway.GatewayProblems.expectProblem;

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
class NoRegisteredInstanceTest {

  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void noInstances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
  }

  @Autowired WebTestClient client;

  /** The paths these tests call need a token; an operator's reaches every member's. */
  @BeforeEach
  void signIn() {
    client =
        client.mutate().defaultHeaders(headers -> headers.setBearerAuth(tokens.admin())).build();
  }

  @Test
  void answersServiceUnavailableWhenNoInstanceIsRegistered() {
    expectProblem(client, "/api/members/1", HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
  }
}
