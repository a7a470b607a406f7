package dev.tandem.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import dev.tandem.platform.testing.TandemEnvironment;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The public HTTP API of a running cluster, through its entry point ({@code TANDEM_URL}). */
final class Api {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom PASSWORDS = new SecureRandom();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** A response: status, content type and parsed JSON body (null when there is none). */
  record Reply(int status, String contentType, JsonNode body, Map<String, String> headers) {
    String text(String field) {
      return body.path(field).asText();
    }

    /** A response header by name (any case), or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final String base = TandemEnvironment.get("TANDEM_URL");

  /** The {@code Authorization} header every request carries, or null for none. */
  private final String authorization;

  /** Anonymous: no token. */
  Api() {
    this(null);
  }

  private Api(String authorization) {
    this.authorization = authorization;
  }

  /** The same API, each request carrying {@code Authorization: Bearer accessToken}. */
  Api as(String accessToken) {
    return new Api("Bearer " + accessToken);
  }

  /** An operator, with a token minted from the cluster's key as {@code ./tandem token --admin}. */
  static Api admin() {
    return new Api().as(minter().admin(Duration.ofMinutes(30)).token());
  }

  /** An operator's token. */
  static String mintedAdmin() {
    return minter().admin(Duration.ofMinutes(30)).token();
  }

  /** A token for this member id, minted like {@code ./tandem token --member ID}. */
  static String mintedFor(long memberId) {
    return minter().member(memberId, Duration.ofMinutes(30)).token();
  }

  private static TokenMinter minter() {
    return new TokenMinter(
        KeyDirectory.at(Path.of(TandemEnvironment.get("TANDEM_JWT_KEYS"))),
        TandemEnvironment.get("TANDEM_JWT_ISSUER"),
        TandemEnvironment.get("TANDEM_JWT_AUDIENCE"),
        Clock.systemUTC());
  }

  /** Registers a member with a password and signs in: the API as that member sees it. */
  record SignedIn(String id, Api api) {}

  SignedIn registerAndSignIn(String name, String email) {
    // digits only: a hex UUID holds a name such as "Ada" about once in 150 registrations, and the
    // password policy refuses a password that contains a word of the name
    String password = "pw-" + new BigInteger(128, PASSWORDS);
    Reply registered =
        post(
            "/api/members",
            Map.of("name", name, "email", email, "phone", "+49 30 1234567", "password", password));
    if (registered.status() != 201) {
      throw new AssertionError(
          "registration answered " + registered.status() + ": " + registered.body());
    }
    Reply session = post("/api/sessions", Map.of("email", email, "password", password), null);
    if (session.status() != 200) {
      throw new AssertionError("sign-in answered " + session.status() + ": " + session.body());
    }
    return new SignedIn(registered.text("id"), as(session.text("accessToken")));
  }

  Reply get(String path) {
    return send(authorized(HttpRequest.newBuilder(URI.create(base + path)).GET()));
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  /** A write with a fresh idempotency key. */
  Reply post(String path, Object body) {
    return post(path, body, UUID.randomUUID().toString());
  }

  Reply post(String path, Object body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body)));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(authorized(request));
  }

  private static String json(Object body) {
    try {
      return body instanceof String text ? text : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isBlank() ? null : JSON.readTree(response.body());
      Map<String, String> headers = new java.util.HashMap<>();
      response
          .headers()
          .map()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          body,
          headers);
    } catch (IOException e) {
      throw new IllegalStateException(request.build().uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
