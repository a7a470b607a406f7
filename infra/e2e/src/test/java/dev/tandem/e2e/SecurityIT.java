package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.e2e.Api.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may do what, through the entry URL (nginx, gateway, site-service, providers): no token, a
 * token for someone else, a member where an admin is needed, claims the server must refuse, and
 * sign-in that tells nobody which emails exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private final Api anonymous = new Api();
  private final Api admin = Api.admin();
  private Api.SignedIn ada;
  private Api.SignedIn grace;
  private String basic;
  private String gold;

  @BeforeAll
  void registerTwoMembersAndTwoPromotions() {
    ada = anonymous.registerAndSignIn("Ada", "ada-" + RUN + "@example.org");
    grace = anonymous.registerAndSignIn("Grace", "grace-" + RUN + "@example.org");
    basic = createPromotion("BASIC");
    gold = createPromotion("GOLD");
  }

  @Test
  void withoutATokenAMembersDataIsA401ProblemWithABearerChallenge() {
    for (String path :
        List.of(
            "/api/members/" + ada.id(),
            "/api/members/" + ada.id() + "/home",
            "/api/members/" + ada.id() + "/coupons")) {
      Reply reply = anonymous.get(path);
      assertThat(reply.status()).as(path).isEqualTo(401);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.text("type")).endsWith("/unauthorized");
      assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }
    Reply points = anonymous.post("/api/members/" + ada.id() + "/points", points(5));
    assertThat(points.status()).isEqualTo(401);
  }

  @Test
  void aForgedOrForeignTokenIsA401() {
    String forged = Api.mintedFor(Long.parseLong(ada.id()));
    forged = forged.substring(0, forged.length() - 6) + "AAAAAA";

    Reply reply = anonymous.as(forged).get("/api/members/" + ada.id());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.text("type")).endsWith("/unauthorized");
    assertThat(reply.body().toString()).doesNotContain(forged);
  }

  @Test
  void aMemberCannotReadOrChangeAnotherMember() {
    for (String path :
        List.of(
            "/api/members/" + grace.id(),
            "/api/members/" + grace.id() + "/home",
            "/api/members/" + grace.id() + "/coupons")) {
      Reply reply = ada.api().get(path);
      assertThat(reply.status()).as(path).isEqualTo(403);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.text("type")).endsWith("/forbidden");
    }
    assertThat(ada.api().post("/api/members/" + grace.id() + "/points", points(1000)).status())
        .isEqualTo(403);
    assertThat(admin.get("/api/members/" + grace.id()).body().path("points").asLong()).isZero();
    assertThat(ada.api().get("/api/members/" + ada.id()).status()).isEqualTo(200);
  }

  @Test
  void onlyAnAdminCreatesPromotions() {
    Reply byMember = ada.api().post("/api/promotions", promotion("BASIC"));
    Reply byNobody = anonymous.post("/api/promotions", promotion("BASIC"));

    assertThat(byMember.status()).isEqualTo(403);
    assertThat(byMember.text("type")).endsWith("/forbidden");
    assertThat(byNobody.status()).isEqualTo(401);
  }

  @Test
  void aClaimIsForTheTokensOwnMemberAndLeavesTheStockAlone() {
    Reply forGrace = ada.api().post(claims(basic), Map.of("memberId", grace.id()));
    Reply byAdmin = admin.post(claims(basic), Map.of("memberId", ada.id()));

    assertThat(forGrace.status()).isEqualTo(403);
    assertThat(forGrace.text("type")).endsWith("/forbidden");
    assertThat(byAdmin.status()).isEqualTo(403);
    assertThat(anonymous.get("/api/promotions/" + basic).body().path("remaining").asInt())
        .isEqualTo(5);
  }

  @Test
  void aClaimForAnUnknownMemberOrBelowTheLevelIsRefusedWithItsOwnType() {
    long nobody = 7_000_000_000_000_000_001L;
    Reply unknown =
        anonymous
            .as(Api.mintedFor(nobody))
            .post(claims(basic), Map.of("memberId", Long.toString(nobody)));
    Reply tooLow = ada.api().post(claims(gold), Map.of("memberId", ada.id()));

    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.text("type")).endsWith("/unknown-member");
    assertThat(tooLow.status()).isEqualTo(403);
    assertThat(tooLow.text("type")).endsWith("/level-too-low");
    assertThat(anonymous.get("/api/promotions/" + gold).body().path("remaining").asInt())
        .isEqualTo(5);
  }

  @Test
  void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
    List<Long> unknownMs = new ArrayList<>();
    List<Long> wrongMs = new ArrayList<>();
    Reply unknown = null;
    Reply wrong = null;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      unknown = signIn("nobody-" + RUN + "@example.org", "some password " + i);
      unknownMs.add((System.nanoTime() - start) / 1_000_000);
      start = System.nanoTime();
      wrong = signIn("grace-" + RUN + "@example.org", "not her password " + i);
      wrongMs.add((System.nanoTime() - start) / 1_000_000);
    }
    System.out.println(
        "sign-in refusals, ms: unknown email " + unknownMs + ", wrong password " + wrongMs);

    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.text("type")).endsWith("/invalid-credentials");
    assertThat(unknown.body().toString()).isEqualTo(wrong.body().toString());
  }

  @Test
  void repeatedFailuresForOneAccountAreThrottledWithRetryAfter() {
    String email = "throttled-" + RUN + "@example.org";
    anonymous.registerAndSignIn("Throttled", email);
    Reply last = null;
    // 5 failures per account per site-service instance; ha runs 2 instances
    for (int attempt = 0; attempt < 12; attempt++) {
      last = signIn(email, "wrong password " + attempt);
      if (last.status() == 429) {
        break;
      }
      assertThat(last.status()).isEqualTo(401);
    }

    assertThat(last.status()).isEqualTo(429);
    assertThat(last.contentType()).startsWith("application/problem+json");
    assertThat(last.text("type")).endsWith("/too-many-requests");
    assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
  }

  @Test
  void aPasswordIsNeverEchoedAndAWeakOneIsRefusedNamingTheField() {
    Reply weak =
        anonymous.post(
            "/api/members",
            Map.of(
                "name",
                "Margaret Hamilton",
                "email",
                "margaret-" + RUN + "@example.org",
                "phone",
                "+1 555 0100",
                "password",
                "hamilton-apollo-11"));

    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.body().toString()).contains("password").doesNotContain("apollo");
  }

  private Reply signIn(String email, String password) {
    return anonymous.post("/api/sessions", Map.of("email", email, "password", password), null);
  }

  /**
   * Retried with the same key while promotion-service is unavailable: a suite before this one may
   * have just restarted it (JourneyIT does), and this one is about rules, not restarts.
   */
  private String createPromotion(String level) {
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = promotion(level);
    Reply reply =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> admin.post("/api/promotions", body, key), r -> r.status() != 503);
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.text("id");
  }

  private static Map<String, Object> promotion(String level) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return Map.of(
        "title",
        "Security " + RUN,
        "description",
        "for the security suite",
        "levelRequired",
        level,
        "stock",
        5,
        "startsAt",
        now.minus(1, ChronoUnit.HOURS).toString(),
        "endsAt",
        now.plus(2, ChronoUnit.HOURS).toString());
  }

  private static Map<String, Object> points(int points) {
    return Map.of("points", points, "reason", "security suite");
  }

  private static String claims(String promotion) {
    return "/api/promotions/" + promotion + "/claims";
  }
}
