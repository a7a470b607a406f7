package dev.tandem.gateway;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every gateway-made error must look like. */
final class GatewayProblems {

  private GatewayProblems() {}

  static void expectProblem(WebTestClient client, String path, HttpStatus status, String slug) {
    client
        .get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .exists("X-Request-Id")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://tandem.dev/problems/" + slug)
        .jsonPath("$.status")
        .isEqualTo(status.value())
        .jsonPath("$.trace")
        .doesNotExist();
  }
}
