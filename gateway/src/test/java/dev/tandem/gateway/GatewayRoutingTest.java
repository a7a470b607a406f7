package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.platform.deadline.Deadline;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The route, its retries and the request id, against two local instances of "site-service": one
 * that answers 503 (draining) and one that works. (An instance that refuses connections is
 * WriteRetryTest's: with one retry per tier, a request that met a killed and then a draining
 * instance would rightly fail, so the two bad ones are not put side by side.) Discovery is Spring
 * Cloud's simple list here; {@code GatewayDiscoveryIT} covers ZooKeeper.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayRoutingTest {

  static final StubInstance healthy = StubInstance.answering(200, "{\"id\": \"1\"}");
  static final StubInstance draining =
      StubInstance.answering(
          503, "{\"type\": \"https://tandem.dev/problems/service-unavailable\"}");
  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[0].uri", draining::uri);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[1].uri", healthy::uri);
  }

  @AfterAll
  static void stopInstances() {
    healthy.close();
    draining.close();
  }

  @Autowired WebTestClient client;

  /** The paths these tests call need a token; an operator's reaches every member's. */
  @BeforeEach
  void signIn() {
    client =
        client.mutate().defaultHeaders(headers -> headers.setBearerAuth(tokens.admin())).build();
  }

  @Test
  void routesReadsToAWorkingInstanceWhateverTheOthersDo() {
    // Round-robin starts each request on a different instance; every one must end on the healthy.
    for (int i = 0; i < 6; i++) {
      client
          .get()
          .uri("/api/members/1")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.id")
          .isEqualTo("1");
    }
    // A 503 is retried elsewhere, not returned; and after its first 503 the draining instance is
    // left out of the choice (passive health), whichever test of this class met it first.
    assertThat(draining.received()).hasSizeLessThanOrEqualTo(2);
    assertThat(healthy.received())
        .extracting(StubInstance.Received::path)
        .contains("/api/members/1");
  }

  @Test
  void keepsSiteServicesDependencyTimingsInsideTheCluster() {
    for (StubInstance instance : java.util.List.of(healthy, draining)) {
      instance.serving(
          "/api/members/9/home",
          exchange -> {
            byte[] page = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Server-Timing", "member;dur=3.1, total;dur=4.0");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
          });
    }

    client
        .get()
        .uri("/api/members/9/home")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("Server-Timing");
  }

  @Test
  void tellsSiteServiceHowMuchOfItsResponseTimeoutIsLeftWhateverTheClientSaid() {
    client
        .get()
        .uri("/api/members/4")
        .header(Deadline.HEADER, "999999999")
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(healthy.received())
        .filteredOn(received -> received.path().equals("/api/members/4"))
        .extracting(received -> Long.parseLong(received.header(Deadline.HEADER)))
        .isNotEmpty()
        // application.yml's response timeout, 10 s, less what the gateway spent before sending
        .allSatisfy(left -> assertThat(left).isPositive().isLessThanOrEqualTo(10_000));
  }

  @Test
  void givesARequestWithoutIdAnXRequestIdAndPassesItOn() {
    String id =
        client
            .get()
            .uri("/api/members/2")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("X-Request-Id");

    assertThat(id).isNotBlank();
    assertThat(healthy.received())
        .filteredOn(received -> received.path().equals("/api/members/2"))
        .extracting(received -> received.header("X-Request-Id"))
        .containsOnly(id);
  }

  @Test
  void keepsTheCallersRequestId() {
    client
        .get()
        .uri("/api/members/3")
        .header("X-Request-Id", "drill-42")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-Request-Id", "drill-42");

    assertThat(healthy.received())
        .filteredOn(received -> received.path().equals("/api/members/3"))
        .extracting(received -> received.header("X-Request-Id"))
        .containsOnly("drill-42");
  }

  @Test
  void answersAnUnknownPathWithANotFoundProblem() {
    client
        .get()
        .uri("/nothing-here")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .exists("X-Request-Id")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://tandem.dev/problems/not-found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/../actuator/env",
        "/api/members/../../actuator",
        "/api/./members/1",
        "/api//members/1",
        "/api/..;/actuator",
        "/api/members;x=1/1",
        "/api/%2e%2e/actuator",
        "/api/members%2F1",
        "/api/members%5c1",
        "/api/members/1%00",
        "/api/members/%251",
        "/api/members/%FF",
        "/api/members/%C0%AF",
        "/api/members/%E2%82"
      })
  void refusesAPathNotInNormalFormBeforeRoutingIt(String path) {
    int before = healthy.received().size();
    GatewayProblems.expectProblem(
            client, URI.create(path), HttpStatus.BAD_REQUEST, "invalid-request")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("normal form"));
    assertThat(healthy.received()).hasSize(before);
  }

  @Test
  void reportsReadiness() {
    client
        .mutate()
        .responseTimeout(Duration.ofSeconds(10))
        .build()
        .get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }
}
