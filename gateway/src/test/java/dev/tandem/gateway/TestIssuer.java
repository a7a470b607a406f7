package dev.tandem.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An issuer of access tokens as the cluster has one: signing keys in a directory of their own,
 * tokens minted by {@link TokenMinter} as site-service mints them, the public keys served as a JWKS
 * document over real HTTP, on a server of its own or by a stub site-service instance ({@link
 * #keys()}).
 */
final class TestIssuer implements AutoCloseable {

  static final String ISSUER = "urn:tandem:test";
  static final String AUDIENCE = "tandem-api";
  static final String KEYS_PATH = "/.well-known/jwks.json";
  static final Duration LIFETIME = Duration.ofMinutes(5);

  private static TestIssuer shared;

  private final Path dir;
  private final KeyDirectory keys;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile boolean reachable = true;
  private HttpServer server;

  private TestIssuer() {
    try {
      dir = Files.createTempDirectory("tandem-keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keys = KeyDirectory.at(dir.resolve("keys"));
    // Dated back, so that tests can mint tokens as of a while ago.
    keys.ensure(Instant.now().minus(Duration.ofDays(1)));
  }

  /** An issuer whose keys only its caller publishes, with {@link #keys()}. */
  static TestIssuer create() {
    return new TestIssuer();
  }

  /** The issuer most tests share, on a server of its own; its keys never change. */
  static synchronized TestIssuer shared() {
    if (shared == null) {
      shared = new TestIssuer().serving();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Makes the gateway under test accept this issuer's tokens, its keys fetched from its server. */
  void trustedBy(DynamicPropertyRegistry registry) {
    registry.add("tandem.security.issuer", () -> ISSUER);
    registry.add("tandem.security.audience", () -> AUDIENCE);
    registry.add("tandem.security.jwk-set-uri", () -> serverUri() + KEYS_PATH);
  }

  String admin() {
    return minter().admin(LIFETIME).token();
  }

  String member(long id) {
    return minter().member(id, LIFETIME).token();
  }

  TokenMinter minter() {
    return minter(ISSUER, AUDIENCE, Clock.systemUTC());
  }

  TokenMinter minter(String issuer, String audience, Clock clock) {
    return new TokenMinter(keys, issuer, audience, clock);
  }

  /**
   * A token of any claims, signed by the current key: for shapes {@link TokenMinter} never makes.
   */
  String sign(JWTClaimsSet claims) {
    ECKey key = keys.signingKey(Instant.now()).orElseThrow();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /**
   * Adds a key that signs from now on; the key set published from now on holds it. (In the cluster
   * a new key waits {@link KeyDirectory#PROPAGATION} before signing; here it is dated back by that
   * much.)
   */
  String rotate() {
    return keys.rotate(Instant.now().minus(KeyDirectory.PROPAGATION).minusSeconds(1), LIFETIME)
        .getKeyID();
  }

  /** Answers {@code GET /.well-known/jwks.json} with the public keys, or breaks off when cut. */
  HttpHandler keys() {
    return this::answerKeys;
  }

  /** How often the key set was fetched. */
  int fetches() {
    return fetches.get();
  }

  /** From now on a fetch of the key set breaks off without an answer, as a killed host would. */
  void cutOff() {
    reachable = false;
  }

  void reconnect() {
    reachable = true;
  }

  private void answerKeys(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      if (!reachable) {
        return;
      }
      fetches.incrementAndGet();
      byte[] body = keys.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private TestIssuer serving() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(KEYS_PATH, keys());
    server.start();
    return this;
  }

  private String serverUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
