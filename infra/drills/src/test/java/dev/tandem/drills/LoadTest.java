package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the load sends, checked by an HTTP endpoint that enforces the API's access rules: who may
 * call what, with which token. It stands in for the entry point only to read requests; the drills
 * themselves run against the real cluster.
 */
class LoadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MEMBER_PATH = Pattern.compile("/api/members/(\\d+)/(home|points)");
  private static final Pattern CLAIM_PATH = Pattern.compile("/api/promotions/\\d+/claims");

  @TempDir Path dir;

  private KeyDirectory keys;
  private HttpServer server;
  private final AtomicLong ids = new AtomicLong(1000);
  private volatile boolean rejectEveryToken;
  private final AtomicInteger writesToTimeOut = new AtomicInteger();
  private final AtomicInteger promotionsCreated = new AtomicInteger();

  @BeforeEach
  void entryPoint() throws IOException {
    keys = KeyDirectory.at(dir);
    keys.ensure(Clock.systemUTC().instant());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Load load(Timeline timeline) {
    Clock clock = Clock.systemUTC();
    Tokens tokens =
        new Tokens(new TokenMinter(keys, "urn:tandem:test", "tandem-api", clock), clock);
    return new Load("http://127.0.0.1:" + server.getAddress().getPort(), tokens, timeline);
  }

  @Test
  void everyRequestCarriesTheTokenItsEndpointAsksFor() throws Exception {
    Timeline timeline = new Timeline();
    Load load = load(timeline);

    load.seed(3, 2, 10);
    load.run(3, Duration.ofSeconds(2), 120, 60);

    assertThat(timeline.ok()).isPositive();
    assertThat(timeline.firstFailures(5)).isEmpty();
    assertThat(timeline.byKind()).containsKeys(Load.HOME, Load.POINTS, Load.CLAIM, Load.SEARCH);
  }

  @Test
  void aRefusedTokenIsAFailedRequestNotAnAnswer() throws Exception {
    Timeline timeline = new Timeline();
    Load load = load(timeline);
    load.seed(3, 2, 10);
    rejectEveryToken = true;

    load.run(3, Duration.ofSeconds(2), 120, 60);

    assertThat(timeline.failed(List.of(Load.HOME, Load.POINTS, Load.CLAIM))).isPositive();
    assertThat(timeline.failed(List.of(Load.SEARCH, Load.REGISTER))).isZero();
    assertThat(timeline.firstFailures(1).getFirst()).contains("401");
  }

  @Test
  void seedingAsksAgainUntilTheColdClusterAnswers() throws Exception {
    // right after up: the first sign-up and the first two promotions time out at the gateway
    writesToTimeOut.set(3);
    Load load = load(new Timeline());

    load.seed(3, 2, 10);

    assertThat(load.registered).hasSize(3);
    assertThat(promotionsCreated).hasValue(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"drill-1a2b3c4d-1@example.org", "drill-ffffffff-99@example.org"})
  void aDrillMembersPasswordNeverContainsTheirNameOrEmail(String email) {
    for (int i = 0; i < 200; i++) {
      String password = (String) Load.registration(email).get("password");

      // without an i or an l no password can spell "drill", whatever the dice say
      assertThat(password).hasSizeBetween(10, 64).doesNotContainPattern("[iIlL]");
      assertThat(password.toLowerCase())
          .doesNotContain(email.substring(0, email.indexOf('@')))
          .doesNotContain("drill");
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    JsonNode body =
        method.equals("POST") ? JSON.readTree(exchange.getRequestBody().readAllBytes()) : null;
    Optional<String> subject = subject(exchange);
    Matcher member = MEMBER_PATH.matcher(path);
    boolean write =
        method.equals("POST") && (path.equals("/api/members") || path.equals("/api/promotions"));
    if (write && writesToTimeOut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      send(exchange, 504, "{\"type\": \"https://tandem.dev/problems/gateway-timeout\"}");
    } else if (method.equals("POST") && path.equals("/api/members")) {
      boolean complete =
          body.hasNonNull("password") && exchange.getRequestHeaders().get("Authorization") == null;
      send(exchange, complete ? 201 : 400, "{\"id\": \"" + ids.incrementAndGet() + "\"}");
    } else if (path.equals("/api/promotions/search")) {
      send(exchange, 200, "[]");
    } else if (method.equals("POST") && path.equals("/api/promotions")) {
      boolean admin = subject.equals(Optional.of(TokenMinter.ADMIN_SUBJECT));
      if (admin) {
        promotionsCreated.incrementAndGet();
      }
      send(exchange, admin ? 201 : 401, "{\"id\": \"" + ids.incrementAndGet() + "\"}");
    } else if (member.matches()) {
      boolean own = subject.equals(Optional.of(member.group(1)));
      send(exchange, own ? 200 : 401, "{\"degraded\": []}");
    } else if (method.equals("POST") && CLAIM_PATH.matcher(path).matches()) {
      boolean own = subject.equals(Optional.of(body.path("memberId").asText()));
      send(exchange, own ? 201 : 401, "{\"couponId\": \"" + ids.incrementAndGet() + "\"}");
    } else {
      send(exchange, 404, "{}");
    }
  }

  /** The subject of a valid bearer token signed by the cluster's key, if the request has one. */
  private Optional<String> subject(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (rejectEveryToken || authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
      boolean signed = jwt.verify(new ECDSAVerifier(keys.keys().getFirst().toECPublicKey()));
      return signed ? Optional.of(jwt.getJWTClaimsSet().getSubject()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
