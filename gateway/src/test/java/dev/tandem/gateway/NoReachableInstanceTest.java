package dev.tandem.gateway;

import static dev.tandem.gateway.GatewayProblems.expectProblem;

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
class NoReachableInstanceTest {

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[0].uri",
        StubInstance::refusingUri);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[1].uri",
        StubInstance::refusingUri);
  }

  @Autowired WebTestClient client;

  @Test
  void answersServiceUnavailableWhenEveryInstanceRefusesConnections() {
    expectProblem(client, "/api/members/1", HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
  }
}
