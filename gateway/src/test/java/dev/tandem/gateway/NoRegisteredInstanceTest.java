package dev.tandem.gateway;

import static dev.tandem.gateway.GatewayProblems.expectProblem;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.cloud.zookeeper.enabled=false")
@AutoConfigureWebTestClient
class NoRegisteredInstanceTest {

  @Autowired WebTestClient client;

  @Test
  void answersServiceUnavailableWhenNoInstanceIsRegistered() {
    expectProblem(client, "/api/members/1", HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
  }
}
