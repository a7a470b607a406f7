package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.e2e.Api.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A visitor's journeys through the whole running platform: nginx, gateway, site-service, and the
 * Dubbo providers over real MySQL, Redis, Kafka and Elasticsearch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneyIT {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  /** How long {@link #politely} keeps trying a write that nginx refused with 429. */
  private static final Duration POLITE_PATIENCE = Duration.ofSeconds(60);

  /** Anonymous: public reads and registration. */
  private final Api api = new Api();

  /** An operator: creates promotions. */
  private final Api admin = Api.admin();

  /** Each member registered here, signed in with their own password. */
  private final Map<String, Api> signedIn = new ConcurrentHashMap<>();

  private String register(String name) {
    Api.SignedIn member =
        api.registerAndSignIn(name, name.toLowerCase() + "-" + RUN + "@example.org");
    signedIn.put(member.id(), member.api());
    return member.id();
  }

  /** The API as the member sees it, with the token from their sign-in. */
  private Api as(String member) {
    return signedIn.get(member);
  }

  private String createPromotion(String title, int stock) {
    return createPromotion(title, stock, "BASIC");
  }

  /**
   * Ends in two hours: a member's home page lists the 100 running promotions that end soonest, and
   * on a cluster that has run drills (their promotions end in a day) this one must be among them.
   */
  private String createPromotion(String title, int stock, String levelRequired) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Reply reply =
        admin.post(
            "/api/promotions",
            Map.of(
                "title",
                title,
                "description",
                "Journey " + RUN + " coupons for everyone",
                "levelRequired",
                levelRequired,
                "stock",
                stock,
                "startsAt",
                now.minus(1, ChronoUnit.HOURS).toString(),
                "endsAt",
                now.plus(2, ChronoUnit.HOURS).toString()));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.text("id");
  }

  private static Map<String, String> claimOf(String memberId) {
    return Map.of("memberId", memberId);
  }

  @Test
  @Order(1)
  void aNewMemberReceivesExactlyOneWelcomeCoupon() {
    String member = register("Ada");

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Reply coupons = as(member).get("/api/members/" + member + "/coupons");
              assertThat(coupons.status()).isEqualTo(200);
              assertThat(coupons.body().findValuesAsText("kind")).containsExactly("welcome");
            });
  }

  @Test
  @Order(2)
  void theHomePageShowsProfilePromotionsAndCouponsWithNothingDegraded() {
    String member = register("Grace");
    String promotion = createPromotion("Journey home " + RUN, 5);

    // A page may come back degraded while a provider is still cold (a budget of about a second
    // on a busy 2-core machine); a healthy platform serves the whole page within seconds.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Reply home = as(member).get("/api/members/" + member + "/home");

              assertThat(home.status()).isEqualTo(200);
              assertThat(home.body().path("degraded")).isEmpty();
              assertThat(home.body().path("member").path("id").asText()).isEqualTo(member);
              assertThat(home.body().path("promotions").findValuesAsText("id")).contains(promotion);
              assertThat(home.body().path("coupons").isArray()).isTrue();
            });
  }

  @Test
  @Order(3)
  void replayingAClaimReturnsTheSameCouponAndANewKeyIsRefused() {
    String member = register("Edsger");
    String promotion = createPromotion("Journey replay " + RUN, 3);
    String key = UUID.randomUUID().toString();

    Reply first = as(member).post("/api/promotions/" + promotion + "/claims", claimOf(member), key);
    Reply replay =
        as(member).post("/api/promotions/" + promotion + "/claims", claimOf(member), key);
    Reply again = as(member).post("/api/promotions/" + promotion + "/claims", claimOf(member));

    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
    assertThat(again.text("type")).endsWith("already-claimed");
    assertThat(api.get("/api/promotions/" + promotion).body().path("remaining").asInt())
        .isEqualTo(2);
  }

  @Test
  @Order(3)
  void onlyARealMemberOfTheRequiredLevelClaimsAndAClaimedPromotionLeavesTheirList() {
    String member = register("Frances");
    String basic = createPromotion("Journey rules " + RUN, 3);
    String gold = createPromotion("Journey gold " + RUN, 3, "GOLD");

    // a valid token for an id nobody registered: only an operator's tool can mint one
    Reply nobody =
        api.as(Api.mintedFor(1)).post("/api/promotions/" + basic + "/claims", claimOf("1"));
    Reply tooLow = as(member).post("/api/promotions/" + gold + "/claims", claimOf(member));
    Reply claimed = as(member).post("/api/promotions/" + basic + "/claims", claimOf(member));

    assertThat(nobody.status()).isEqualTo(422);
    assertThat(nobody.contentType()).startsWith("application/problem+json");
    assertThat(nobody.text("type")).endsWith("/unknown-member");
    assertThat(tooLow.status()).isEqualTo(403);
    assertThat(tooLow.text("type")).endsWith("/level-too-low");
    assertThat(claimed.status()).isEqualTo(201);
    assertThat(api.get("/api/promotions/" + basic).body().path("remaining").asInt()).isEqualTo(2);
    assertThat(api.get("/api/promotions/" + gold).body().path("remaining").asInt()).isEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Reply home = as(member).get("/api/members/" + member + "/home");
              assertThat(home.body().path("degraded")).isEmpty();
              assertThat(home.body().path("promotions").findValuesAsText("id"))
                  .doesNotContain(basic, gold);
            });
    Reply coupons = as(member).get("/api/members/" + member + "/coupons");
    assertThat(coupons.body())
        .anySatisfy(
            coupon -> {
              assertThat(coupon.path("kind").asText()).isEqualTo("claimed");
              assertThat(coupon.path("promotionId").asText()).isEqualTo(basic);
            })
        .allSatisfy(
            coupon ->
                assertThat(coupon.path("promotionId").isNull())
                    .isEqualTo(coupon.path("kind").asText().equals("welcome")));
  }

  @Test
  @Order(4)
  void fiftyConcurrentClaimsOnTenCouponsYieldExactlyTen() throws Exception {
    String promotion = createPromotion("Journey rush " + RUN, 10);
    List<String> members = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
      List<Future<String>> registrations = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        registrations.add(pool.submit(() -> register("Rush" + n)));
      }
      for (Future<String> registration : registrations) {
        members.add(registration.get(120, TimeUnit.SECONDS));
      }
    }

    List<Reply> claims = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(25)) {
      List<Future<Reply>> futures = new ArrayList<>();
      for (String member : members) {
        futures.add(
            pool.submit(
                () ->
                    politely(
                        as(member), "/api/promotions/" + promotion + "/claims", claimOf(member))));
      }
      for (Future<Reply> future : futures) {
        claims.add(future.get(120, TimeUnit.SECONDS));
      }
    }

    // all answers by status, and every answer that is neither, in the message: a failure says what
    // the odd claim got rather than that 39 of the 40 refusals were there
    Map<Integer, Long> byStatus =
        claims.stream()
            .collect(Collectors.groupingBy(Reply::status, TreeMap::new, Collectors.counting()));
    assertThat(byStatus)
        .as(
            "claims by status; the answers other than 201 and 409: %s",
            claims.stream().filter(c -> c.status() != 201 && c.status() != 409).toList())
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(201, 10L, 409, 40L)));
    assertThat(claims.stream().filter(c -> c.status() == 409))
        .allSatisfy(c -> assertThat(c.text("type")).endsWith("out-of-stock"));
    assertThat(api.get("/api/promotions/" + promotion).body().path("remaining").asInt()).isZero();
  }

  /**
   * A write as a well-behaved client sends it: nginx admits a bounded rate of claims on one
   * promotion (8/s, a burst of 3), and a 429 says when to try again. Same key each time, so a retry
   * can never claim twice. It waits Retry-After plus up to half a second, so that clients refused
   * together do not all come back in the same instant: nginx admits only the burst of each such
   * wave. It keeps trying for a minute, not a number of times: without the spread, the last of 50
   * claims got its answer after 9 to 10 s of retries on the dev machine (7.7 to 8 s with it), so 10
   * tries ran out there now and then; in CI (stop 25) one of 50 claims ended neither 201 nor 409.
   */
  private static Reply politely(Api api, String path, Object body) throws InterruptedException {
    String key = UUID.randomUUID().toString();
    Instant giveUp = Instant.now().plus(POLITE_PATIENCE);
    Reply reply = api.post(path, body, key);
    while (reply.status() == 429 && Instant.now().isBefore(giveUp)) {
      assertThat(reply.contentType()).startsWith("application/problem+json");
      Duration retryAfter = Duration.ofSeconds(Long.parseLong(reply.header("Retry-After")));
      Thread.sleep(retryAfter.plusMillis(ThreadLocalRandom.current().nextLong(500)));
      reply = api.post(path, body, key);
    }
    return reply;
  }

  @Test
  @Order(5)
  void searchFindsAPromotionCreatedAMomentBefore() {
    String word = "zebra" + RUN.replaceAll("[^a-z]", "");
    String promotion = createPromotion("Journey " + word + " weekend", 4);

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              Reply found = api.get("/api/promotions/search?q=" + word);
              assertThat(found.status()).isEqualTo(200);
              assertThat(found.body().path("items").findValuesAsText("id")).contains(promotion);
            });
  }

  @Test
  @Order(6)
  void badInputIsA400ProblemNamingTheFieldAndWritesNeedAKey() {
    Reply invalid =
        api.post(
            "/api/members",
            Map.of("name", "", "email", "not-an-email", "phone", "+1 555 0100", "password", "x"));
    Reply keyless =
        api.post(
            "/api/members",
            Map.of(
                "name",
                "N",
                "email",
                "n@example.org",
                "phone",
                "+1 555 0100",
                "password",
                "long enough password"),
            null);

    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.contentType()).startsWith("application/problem+json");
    assertThat(invalid.body().toString()).contains("email");
    assertThat(keyless.status()).isEqualTo(400);
    assertThat(keyless.contentType()).startsWith("application/problem+json");
    assertThat(admin.get("/api/members/123456789").status()).isEqualTo(404);
  }

  @Test
  @Order(100)
  void withPromotionServiceStoppedTheHomePageStillAnswersMarkingItsSectionsDegraded()
      throws Exception {
    String member = register("Barbara");
    List<String> providers = instancesOf("promotion-service");
    try {
      for (String provider : providers) {
        tandem("stop", provider);
      }

      long started = System.nanoTime();
      Reply home = as(member).get("/api/members/" + member + "/home");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(home.status()).isEqualTo(200);
      assertThat(home.body().path("member").path("id").asText()).isEqualTo(member);
      List<String> degraded = new ArrayList<>();
      home.body().path("degraded").forEach(section -> degraded.add(section.asText()));
      assertThat(degraded).containsExactlyInAnyOrder("promotions", "coupons");
      // the page's budget is about a second; a generous bound keeps this stable on 2 cores
      assertThat(took).isLessThan(Duration.ofSeconds(5));
    } finally {
      for (String provider : providers) {
        tandem("start", provider);
      }
    }
    // Started means registered; the tests after this one need site-service to call it again,
    // which takes its Dubbo client one reconnect (dev.tandem.platform.PlatformDefaults).
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              // a problem page (503 while the route finds no instance) has no "degraded" either
              Reply home = as(member).get("/api/members/" + member + "/home");
              assertThat(home.status()).as(String.valueOf(home.body())).isEqualTo(200);
              assertThat(home.body().path("degraded")).isEmpty();
            });
  }

  private static List<String> instancesOf(String component) throws IOException {
    JsonNode status = new ObjectMapper().readTree(tandem("status", "--json"));
    List<String> names = new ArrayList<>();
    for (JsonNode instance : status.path("instances")) {
      if (instance.path("component").asText().equals(component)) {
        names.add(instance.path("name").asText());
      }
    }
    assertThat(names).as("instances of " + component).isNotEmpty();
    return names;
  }

  private static String tandem(String... args) {
    List<String> command = Tandem.command(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
