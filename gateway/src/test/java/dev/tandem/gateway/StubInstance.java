package dev.tandem.gateway;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A stand-in for one site-service instance: a real HTTP server on a local address that answers with
 * a fixed status and records what reached it. Not a stand-in for middleware.
 */
final class StubInstance implements AutoCloseable {

  record Received(String method, String path, Map<String, List<String>> headers, String body) {

    String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final CountDownLatch released = new CountDownLatch(1);

  private StubInstance(String host, int status, String json, boolean hangs) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          if (hangs) {
            try {
              released.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] answer = json.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  static StubInstance answering(int status, String json) {
    return new StubInstance("127.0.0.1", status, json, false);
  }

  static StubInstance answeringOn(String host, int status, String json) {
    return new StubInstance(host, status, json, false);
  }

  /** Accepts requests and never answers them until closed. */
  static StubInstance hanging() {
    return new StubInstance("127.0.0.1", 200, "{}", true);
  }

  /** A local URI where nothing listens: connecting is refused, as with a killed instance. */
  static String refusingUri() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code path} (and below) with {@code handler} instead; nothing is recorded. */
  StubInstance serving(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  String uri() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
