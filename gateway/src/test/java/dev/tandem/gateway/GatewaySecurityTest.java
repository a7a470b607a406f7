package dev.tandem.gateway;

import static dev.tandem.gateway.GatewayProblems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tandem.platform.security.TokenMinter;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Which requests need an access token and which tokens pass, against one stub site-service instance
 * found through (simple) discovery. That instance also publishes the issuer's keys, and the gateway
 * fetches them with its default setting, {@code lb://site-service/...}: through the load balancer,
 * as in the cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewaySecurityTest {

  static final TestIssuer issuer = TestIssuer.create();

  /** Another issuer's keys: same claims, a key the gateway was never given. */
  static final TestIssuer stranger = TestIssuer.create();

  static final StubInstance site =
      StubInstance.answering(200, "{\"routed\": true}")
          .serving(TestIssuer.KEYS_PATH, issuer.keys());

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    registry.add("spring.cloud.discovery.client.simple.instances.site-service[0].uri", site::uri);
    registry.add("tandem.security.issuer", () -> TestIssuer.ISSUER);
    registry.add("tandem.security.audience", () -> TestIssuer.AUDIENCE);
  }

  @AfterAll
  static void stop() {
    site.close();
    issuer.close();
    stranger.close();
  }

  @Autowired WebTestClient client;

  @Test
  void refusesARequestWithoutATokenWithAnUnauthorizedProblem() {
    int before = site.received().size();
    WebTestClient.ResponseSpec response = client.get().uri("/api/members/1").exchange();

    response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    expectProblem(response, HttpStatus.UNAUTHORIZED, "unauthorized");
    assertThat(site.received()).hasSize(before);
  }

  @Test
  void refusesAMalformedToken() {
    expectInvalidToken("not-a-jwt");
    expectInvalidToken("e30.e30.e30");
  }

  @Test
  void refusesAnExpiredToken() {
    Clock tenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    expectInvalidToken(
        issuer
            .minter(TestIssuer.ISSUER, TestIssuer.AUDIENCE, tenMinutesAgo)
            .admin(Duration.ofMinutes(1))
            .token());
  }

  @Test
  void acceptsATokenExpiredForLessThanTheClockSkew() {
    Clock aMinuteAgo = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-70));
    String token =
        issuer
            .minter(TestIssuer.ISSUER, TestIssuer.AUDIENCE, aMinuteAgo)
            .admin(Duration.ofMinutes(1))
            .token();

    expectRouted(HttpMethod.GET, "/api/members/1", token);
  }

  @Test
  void refusesATokenOfAnotherIssuer() {
    expectInvalidToken(
        issuer
            .minter("urn:tandem:another-cluster", TestIssuer.AUDIENCE, Clock.systemUTC())
            .admin(TestIssuer.LIFETIME)
            .token());
  }

  @Test
  void refusesATokenForAnotherAudience() {
    expectInvalidToken(
        issuer
            .minter(TestIssuer.ISSUER, "another-api", Clock.systemUTC())
            .admin(TestIssuer.LIFETIME)
            .token());
  }

  @Test
  void refusesATokenThatNeverExpires() {
    expectInvalidToken(
        issuer.sign(
            new JWTClaimsSet.Builder()
                .issuer(TestIssuer.ISSUER)
                .audience(TestIssuer.AUDIENCE)
                .subject(TokenMinter.ADMIN_SUBJECT)
                .claim("scope", TokenMinter.ADMIN_SCOPE)
                .issueTime(new Date())
                .build()));
  }

  @Test
  void acceptsATokenSignedAsTokenMinterSignsIt() {
    Instant now = Instant.now();
    expectRouted(
        HttpMethod.GET,
        "/api/members/1",
        issuer.sign(
            new JWTClaimsSet.Builder()
                .issuer(TestIssuer.ISSUER)
                .audience(TestIssuer.AUDIENCE)
                .subject(TokenMinter.ADMIN_SUBJECT)
                .claim("scope", TokenMinter.ADMIN_SCOPE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .build()));
  }

  @Test
  void refusesATokenSignedByAnUnknownKey() {
    expectInvalidToken(stranger.admin());
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /api/members",
    "POST, /api/sessions",
    "GET, /api/promotions",
    "GET, /api/promotions/5",
    "GET, /api/promotions/search?q=tea"
  })
  void letsPublicPathsThroughWithoutAToken(String method, String path) {
    expectRouted(HttpMethod.valueOf(method), path, null);
  }

  @Test
  void passesTheKeySetThroughWithoutAToken() {
    // the stub site-service serves the key set at this path, as site-service does
    client
        .get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.keys[0].kid")
        .isNotEmpty();
  }

  @Test
  void ignoresAnExpiredTokenOnPublicPathsSoThatItsUserCanSignInAgain() {
    Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    String expired =
        issuer
            .minter(TestIssuer.ISSUER, TestIssuer.AUDIENCE, anHourAgo)
            .member(7, Duration.ofMinutes(5))
            .token();

    expectRouted(HttpMethod.POST, "/api/sessions", expired);
  }

  @Test
  void servesTheIssuersPublicKeysWithoutAToken() {
    client
        .get()
        .uri(TestIssuer.KEYS_PATH)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.keys[0].kid")
        .exists()
        .jsonPath("$.keys[0].crv")
        .isEqualTo("P-256")
        .jsonPath("$.keys[0].d")
        .doesNotExist();
  }

  @Test
  void leavesOtherPathsAsTheyWere() {
    expectProblem(client, "/nothing-here", HttpStatus.NOT_FOUND, "not-found");
    client.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void refusesAMemberTokenCreatingAPromotionWithAForbiddenProblem() {
    long before = promotionsCreated();
    WebTestClient.ResponseSpec response =
        client
            .post()
            .uri("/api/promotions")
            .headers(headers -> headers.setBearerAuth(issuer.member(7)))
            .bodyValue("{\"title\": \"free tea\"}")
            .exchange();

    response
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
    expectProblem(response, HttpStatus.FORBIDDEN, "forbidden");
    assertThat(promotionsCreated()).isEqualTo(before);
  }

  @Test
  void routesAnAdminTokenCreatingAPromotionWithTheTokenForSiteServiceToCheckAgain() {
    String admin = issuer.admin();
    expectRouted(HttpMethod.POST, "/api/promotions", admin);

    assertThat(site.received())
        .filteredOn(received -> received.method().equals("POST"))
        .extracting(received -> received.header(HttpHeaders.AUTHORIZATION))
        .contains("Bearer " + admin);
  }

  @Test
  void letsAMemberTokenReachOnlyThatMembersResources() {
    String seven = issuer.member(7);
    expectRouted(HttpMethod.GET, "/api/members/7", seven);
    expectRouted(HttpMethod.GET, "/api/members/7/coupons", seven);
    expectRouted(HttpMethod.POST, "/api/promotions/3/claims", seven);

    expectForbidden("/api/members/8", seven);
    expectForbidden("/api/members/8/coupons", seven);
    expectForbidden("/api/members/07/home", seven);
  }

  @Test
  void readsAnEncodedMemberIdAsSiteServiceDoes() {
    String seven = issuer.member(7);
    expectRouted(HttpMethod.GET, "/api/members/%37/home", seven);
    expectForbidden("/api/members/%38/home", seven);
  }

  @Test
  void letsAnAdminTokenReachAnyMembersResources() {
    expectRouted(HttpMethod.GET, "/api/members/8/coupons", issuer.admin());
  }

  @Test
  void refusesAPathNotInNormalFormBeforeLookingAtItsToken() {
    int before = site.received().size();
    expectProblem(
        client
            .get()
            .uri(URI.create("/api/members/7/../8/coupons"))
            .headers(headers -> headers.setBearerAuth(issuer.member(7)))
            .exchange(),
        HttpStatus.BAD_REQUEST,
        "invalid-request");
    assertThat(site.received()).hasSize(before);
  }

  @Test
  void acceptsATokenSignedByAKeyAddedAfterTheKeysWereFetchedWithoutARestart()
      throws ParseException {
    String old = issuer.admin();
    expectRouted(HttpMethod.GET, "/api/members/1", old);
    int fetched = issuer.fetches();

    String newKey = issuer.rotate();
    String rotated = issuer.admin();
    assertThat(SignedJWT.parse(rotated).getHeader().getKeyID()).isEqualTo(newKey);

    expectRouted(HttpMethod.GET, "/api/members/1", rotated);
    assertThat(issuer.fetches())
        .as("the key set fetched again for the new kid")
        .isEqualTo(fetched + 1);
    // Both keys are now known: neither makes it fetch the set again.
    expectRouted(HttpMethod.GET, "/api/members/1", old);
    expectRouted(HttpMethod.GET, "/api/members/1", issuer.admin());
    assertThat(issuer.fetches()).isEqualTo(fetched + 1);
  }

  @Test
  void answersServiceUnavailableNotUnauthorizedWhenTheKeysCannotBeFetched() {
    // A key the gateway has not seen makes it fetch the key set, which now breaks off.
    String unseenKey = stranger.admin();
    issuer.cutOff();
    try {
      WebTestClient.ResponseSpec response =
          client
              .get()
              .uri("/api/members/1")
              .headers(headers -> headers.setBearerAuth(unseenKey))
              .exchange();

      response.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
      expectProblem(response, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
    } finally {
      issuer.reconnect();
    }
  }

  private void expectInvalidToken(String token) {
    int before = site.received().size();
    WebTestClient.ResponseSpec response =
        client
            .get()
            .uri("/api/members/1")
            .headers(headers -> headers.setBearerAuth(token))
            .exchange();

    response
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    expectProblem(response, HttpStatus.UNAUTHORIZED, "unauthorized")
        .consumeWith(
            body ->
                assertThat(new String(body.getResponseBodyContent()))
                    .doesNotContain(token)
                    .doesNotContain("Exception"));
    assertThat(site.received()).hasSize(before);
  }

  private void expectForbidden(String path, String token) {
    int before = site.received().size();
    expectProblem(
        client
            .get()
            .uri(URI.create(path))
            .headers(headers -> headers.setBearerAuth(token))
            .exchange(),
        HttpStatus.FORBIDDEN,
        "forbidden");
    assertThat(site.received()).hasSize(before);
  }

  private void expectRouted(HttpMethod method, String path, String token) {
    int before = site.received().size();
    client
        .method(method)
        .uri(URI.create(path))
        .headers(
            headers -> {
              if (token != null) {
                headers.setBearerAuth(token);
              }
            })
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.routed")
        .isEqualTo(true);
    assertThat(site.received()).hasSizeGreaterThan(before);
  }

  private long promotionsCreated() {
    return site.received().stream()
        .filter(received -> received.method().equals("POST"))
        .filter(received -> received.path().equals("/api/promotions"))
        .count();
  }
}
