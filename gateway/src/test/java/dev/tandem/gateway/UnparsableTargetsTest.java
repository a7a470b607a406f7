package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request target that is no URI, sent straight to a gateway as nginx would never pass it: a 400
 * problem, not Spring's empty 400, and nothing reaches site-service. Over a raw socket, since HTTP
 * clients refuse to send such targets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnparsableTargetsTest {

  static final StubInstance site = StubInstance.answering(200, "{\"id\": \"1\"}");
  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
    registry.add("spring.cloud.discovery.client.simple.instances.site-service[0].uri", site::uri);
  }

  @AfterAll
  static void stopInstance() {
    site.close();
  }

  @LocalServerPort int port;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/promotions/search?q=%zz",
        "/api/promo%2tions",
        "/api/members/1%",
        "/api/members/a\\b",
        "/api/promotions/search?q=a|b"
      })
  void answersAProblemAndCloses(String target) throws IOException {
    int before = site.received().size();
    try (Socket connection = new Socket("127.0.0.1", port)) {
      connection.setSoTimeout(10_000);
      send(connection, "POST " + target, "{\"points\": 5}");

      RawAnswer answer = RawAnswer.read(connection.getInputStream());

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
      assertThat(answer.header("x-request-id")).isNotBlank();
      assertThat(answer.body())
          .contains("\"type\":\"https://tandem.dev/problems/invalid-request\"")
          .contains("percent sign");
      assertThat(connection.getInputStream().read()).as("the gateway closed it").isEqualTo(-1);
    }
    assertThat(site.received()).hasSize(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/members/1", "/api/promotions/search?q=%C3%A9t%C3%A9"})
  void letsEveryUriThrough(String target) throws IOException {
    try (Socket connection = new Socket("127.0.0.1", port)) {
      connection.setSoTimeout(10_000);
      send(connection, "GET " + target, null);

      assertThat(RawAnswer.read(connection.getInputStream()).status()).isEqualTo(200);
    }
  }

  private void send(Socket connection, String requestLine, String json) throws IOException {
    StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: gateway\r\n");
    request.append("Authorization: Bearer ").append(tokens.admin()).append("\r\n");
    if (json != null) {
      request.append("Content-Type: application/json\r\n");
      request.append("Content-Length: ").append(json.length()).append("\r\n");
    }
    request.append("\r\n");
    if (json != null) {
      request.append(json);
    }
    OutputStream out = connection.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
