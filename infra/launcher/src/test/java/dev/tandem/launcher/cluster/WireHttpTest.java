package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The launcher's own HTTP, against the JDK's HTTP server on loopback and against raw answers. */
class WireHttpTest {

  private HttpServer server;
  private final AtomicReference<String> received = new AtomicReference<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/fixed",
        exchange -> {
          byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/chunked",
        exchange -> {
          // length 0: the server sends the body in chunks
          exchange.sendResponseHeaders(503, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 3; i++) {
              out.write(("part " + i + "\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        });
    server.createContext(
        "/echo",
        exchange -> {
          received.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void readsABodyOfAGivenLength() throws IOException {
    Wire.Response response = Wire.get(url("/fixed"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void readsAChunkedBodyWhateverTheStatus() throws IOException {
    Wire.Response response = Wire.get(url("/chunked"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("part 0\npart 1\npart 2\n");
  }

  @Test
  void putsJsonWithItsPathAndQuery() throws IOException {
    Wire.Response response = Wire.put(url("/echo/x?format=json&h=name"), "{\"a\":1}");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(received.get())
        .isEqualTo("PUT /echo/x?format=json&h=name application/json {\"a\":1}");
  }

  @Test
  void readsABodyThatEndsWithTheConnection() throws IOException {
    Wire.Response response =
        Wire.readResponse(bytes("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nredis_up 1\n"), "u");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("redis_up 1\n");
  }

  @Test
  void refusesWhatIsNotHttp() {
    assertThatThrownBy(() -> Wire.readResponse(bytes("-ERR unknown command\r\n"), "http://x/"))
        .isInstanceOf(IOException.class)
        .hasMessage("http://x/ did not answer HTTP: '-ERR unknown command'");
    assertThatThrownBy(
            () ->
                Wire.readResponse(
                    bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), "u"))
        .isInstanceOf(IOException.class)
        .hasMessage("u sent a broken chunk size: 'zz'");
  }

  @Test
  void refusesAnAddressOffTheClusterSubnet() {
    assertThatThrownBy(() -> Wire.get("http://192.0.2.1:9200/"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("192.0.2.1 is not on the cluster's subnet");
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }
}
