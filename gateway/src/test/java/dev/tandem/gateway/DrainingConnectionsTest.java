package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What nginx sees on one kept-alive connection to a gateway, over a raw socket: many requests while
 * the gateway serves, and once it is shutting down one more answer, marked {@code Connection:
 * close}, after which the gateway closes the connection (see {@code DrainingConnections}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DrainingConnectionsTest {

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
  @Autowired ApplicationContext context;

  @AfterEach
  void ready() {
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
  }

  @Test
  void keepsTheConnectionOpenWhileServing() throws IOException {
    try (Socket connection = connect()) {
      for (int i = 0; i < 3; i++) {
        RawAnswer answer = ask(connection, "/api/members/1");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("connection")).isNull();
      }
    }
  }

  @Test
  void answersOnceMoreAndClosesTheConnectionOnceShuttingDown() throws IOException {
    try (Socket connection = connect()) {
      assertThat(ask(connection, "/api/members/1").status()).isEqualTo(200);

      AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
      RawAnswer last = ask(connection, "/api/members/1");

      assertThat(last.status()).isEqualTo(200);
      assertThat(last.body()).contains("\"id\"");
      assertThat(last.header("connection")).isEqualToIgnoringCase("close");
      assertThat(connection.getInputStream().read()).as("the gateway closed it").isEqualTo(-1);
    }
  }

  @Test
  void closesTheConnectionAfterTheGatewaysOwnAnswersToo() throws IOException {
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    try (Socket connection = connect()) {
      RawAnswer refused = ask(connection, "/nowhere");

      assertThat(refused.status()).isGreaterThanOrEqualTo(400);
      assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
      assertThat(connection.getInputStream().read()).isEqualTo(-1);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private RawAnswer ask(Socket connection, String path) throws IOException {
    OutputStream out = connection.getOutputStream();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                + tokens.admin()
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return RawAnswer.read(connection.getInputStream());
  }
}
