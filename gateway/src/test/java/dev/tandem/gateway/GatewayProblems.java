package dev.tandem.gateway;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every gateway-made error must look like. */
final class GatewayProblems {

  private GatewayProblems() {}

  static WebTestClient.BodyContentSpec expectProblem(
      WebTestClient client, String path, HttpStatus status, String slug) {
    return expectProblem(client.get().uri(path), status, slug);
  }

  /** For a path that must reach the gateway exactly as written, dot segments and escapes too. */
  static WebTestClient.BodyContentSpec expectProblem(
      WebTestClient client, URI rawPath, HttpStatus status, String slug) {
    return expectProblem(client.get().uri(rawPath), status, slug);
  }

  private static WebTestClient.BodyContentSpec expectProblem(
      WebTestClient.RequestHeadersSpec<?> request, HttpStatus status, String slug) {
    return expectProblem(request.exchange(), status, slug);
  }

  /** For a request of any method and headers; its other headers may be checked before. */
  static WebTestClient.BodyContentSpec expectProblem(
      WebTestClient.ResponseSpec response, HttpStatus status, String slug) {
    return response
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
