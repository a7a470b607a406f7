package dev.tandem.launcher.product.mysql.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guards of one shard talk over a small HTTP port. The writer's guard asks its peer for a
 * grant: "I may stay writable for the next {@code grant}"; a peer that gives one promises not to
 * promote itself until that time plus a margin has passed. That is the writer's second credential
 * beside the leader key, and the one that keeps a shard writable while ZooKeeper has no quorum.
 * {@code GET /state} shows what the guard knows, for {@code ./tandem status} and for people.
 */
public final class Grants implements AutoCloseable {

  /** The answer to a request for a grant. */
  record Answer(boolean granted, String reason) {}

  private final HttpServer server;
  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param decide who asks (the peer's name) to the answer; records the promise when it grants
   * @param state the JSON document served at {@code /state}
   */
  Grants(
      String address,
      int port,
      Duration timeout,
      Function<String, Answer> decide,
      Supplier<String> state)
      throws IOException {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.server = HttpServer.create(new InetSocketAddress(address, port), 16);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/grant",
        exchange -> {
          String query = String.valueOf(exchange.getRequestURI().getQuery());
          String from = query.startsWith("from=") ? query.substring("from=".length()) : "";
          if (!exchange.getRequestMethod().equals("POST") || from.isEmpty()) {
            reply(exchange, 400, "POST /grant?from=NAME\n");
            return;
          }
          Answer answer = decide.apply(from);
          reply(exchange, answer.granted() ? 200 : 409, answer.reason() + "\n");
        });
    server.createContext("/state", exchange -> reply(exchange, 200, state.get()));
  }

  void start() {
    server.start();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Asks the peer's guard for a grant; false on a refusal or when it cannot be reached in time. */
  boolean ask(String peerAddress, int peerPort, String me) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + peerAddress + ":" + peerPort + "/grant?from=" + me))
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
