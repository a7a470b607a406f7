package dev.tandem.gateway;

import static dev.tandem.gateway.GatewayProblems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway passes a response on only once all of it has arrived, so that a gateway killed
 * mid-response never leaves nginx with half a response it can no longer retry elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WholeResponseTest {

  static final PieceByPiece site = new PieceByPiece();
  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    tokens.trustedBy(registry);
    registry.add("tandem.gateway.whole-response-limit", () -> PieceByPiece.LIMIT);
    registry.add("spring.cloud.discovery.client.simple.instances.site-service[0].uri", site::uri);
  }

  @AfterAll
  static void stop() throws IOException {
    site.close();
  }

  @Autowired WebTestClient client;
  @LocalServerPort int port;

  @Test
  void sendsNothingBeforeTheWholeResponseHasArrivedAndThenAllOfItAtOnce() throws IOException {
    String response;
    long firstByteAt;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      socket
          .getOutputStream()
          .write(
              ("GET /api/pausing HTTP/1.1\r\nHost: tandem\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + tokens.admin()
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      int first = in.read();
      firstByteAt = System.nanoTime();
      response = (char) first + new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    // site-service paused between its first and its last piece; nothing may have left before it.
    assertThat(firstByteAt).isGreaterThan(site.lastPieceSentAt.get());
    assertThat(response)
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("Content-Length: " + PieceByPiece.BODY.length())
        .doesNotContainIgnoringCase("Transfer-Encoding")
        .endsWith(PieceByPiece.BODY);
  }

  @Test
  void aResponseThatBreaksOffOnItsWayBecomesAProblemNotATruncatedPage() {
    // the only instance breaks off again on the retry
    expectProblem(
        signedIn(), "/api/breaking", HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
  }

  @Test
  void aResponseDeclaredLargerThanTheLimitIsStreamedOnWhole() {
    String body =
        signedIn()
            .get()
            .uri("/api/large-with-length")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(body).isEqualTo(PieceByPiece.LARGE);
  }

  @Test
  void aResponseWithoutALengthThatOutgrowsTheLimitIsABadGatewayProblem() {
    expectProblem(signedIn(), "/api/large-chunked", HttpStatus.BAD_GATEWAY, "bad-gateway");
  }

  private WebTestClient signedIn() {
    return client.mutate().defaultHeaders(headers -> headers.setBearerAuth(tokens.admin())).build();
  }

  /**
   * A site-service instance on a raw socket that sends its answer in two chunks with a pause
   * between them ({@code /api/pausing}), or sends the first and closes the connection, as a killed
   * process would ({@code /api/breaking}); or a body larger than {@link #LIMIT}, with a length
   * ({@code /api/large-with-length}) or in chunks ({@code /api/large-chunked}).
   */
  static final class PieceByPiece implements AutoCloseable {

    static final String FIRST = "{\"part\":\"one\",";
    static final String REST = "\"rest\":\"two\"}";
    static final String BODY = FIRST + REST;
    static final Duration PAUSE = Duration.ofMillis(500);
    static final int LIMIT = 64;
    static final String LARGE = "{\"text\":\"" + "x".repeat(2 * LIMIT) + "\"}";

    final AtomicLong lastPieceSentAt = new AtomicLong(Long.MAX_VALUE);
    private final ServerSocket server;

    PieceByPiece() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.ofVirtual().start(this::acceptUntilClosed);
    }

    String uri() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptUntilClosed() {
      while (!server.isClosed()) {
        try {
          Socket connection = server.accept();
          Thread.ofVirtual().start(() -> answer(connection));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void answer(Socket connection) {
      try (connection) {
        String path = requestPath(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        if (path.startsWith("/api/large-")) {
          String head =
              path.equals("/api/large-with-length")
                  ? "Content-Length: " + LARGE.length()
                  : "Transfer-Encoding: chunked";
          String body = path.equals("/api/large-with-length") ? LARGE : chunk(LARGE) + "0\r\n\r\n";
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      + head
                      + "\r\nConnection: close\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return;
        }
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + chunk(FIRST))
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (path.equals("/api/breaking")) {
          return;
        }
        Thread.sleep(PAUSE);
        lastPieceSentAt.set(System.nanoTime());
        out.write((chunk(REST) + "0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // the gateway closed the connection: nothing more to send
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static String chunk(String text) {
      return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
    }

    /** Reads the request head and returns its path; the gateway sends GETs without a body. */
    private static String requestPath(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int next = in.read();
        if (next < 0) {
          break;
        }
        head.append((char) next);
      }
      return head.toString().split(" ", 3)[1];
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
