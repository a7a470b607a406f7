package dev.tandem.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A visitor's journey through the entry point, as the platform's users make it: sign up, sign in,
 * open the home page, search the offers, claim one. Visitors arrive at a constant rate whether or
 * not earlier ones have been answered (an open model, like a crowd), and think between steps for 1
 * to 3 s. Every write carries an Idempotency-Key, every member request the member's own token.
 */
public final class Journeys extends Simulation {

  /** A visitor reads a page before the next click: 1 to 3 s, uniformly. */
  private static final Duration THINK_MIN = Duration.ofSeconds(1);

  private static final Duration THINK_MAX = Duration.ofSeconds(3);

  /** The longest a journey takes: four pauses and five answers within the request timeout. */
  private static final Duration LONGEST_JOURNEY = Duration.ofSeconds(4 * 3 + 5 * 10);

  private final LoadSettings settings = LoadSettings.importFrom(System.getProperties());
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Promotions promotions = new Promotions(run);
  private final AtomicLong visitors = new AtomicLong();

  public Journeys() {
    HttpProtocolBuilder protocol =
        http.baseUrl(settings.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("tandem-load");
    ScenarioBuilder journey =
        scenario("journey")
            .feed(arrivals())
            .exec(signUp())
            .exitHereIfFailed()
            .pause(THINK_MIN, THINK_MAX)
            .exec(signIn())
            .exitHereIfFailed()
            .pause(THINK_MIN, THINK_MAX)
            .exec(
                http("home")
                    .get("/api/members/#{memberId}/home")
                    .header("Authorization", "Bearer #{token}")
                    .check(status().is(200)))
            .pause(THINK_MIN, THINK_MAX)
            .exec(
                http("search")
                    .get("/api/promotions/search")
                    .queryParam("q", promotions.searchWord())
                    .check(status().is(200)))
            .pause(THINK_MIN, THINK_MAX)
            .exec(
                http("claim")
                    .post("/api/promotions/#{promotionId}/claims")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{claimKey}")
                    .body(StringBody("{\"memberId\": \"#{memberId}\"}"))
                    .check(status().is(201)));
    setUp(
            journey.injectOpen(
                constantUsersPerSec(settings.visitorsPerSecond()).during(settings.duration())))
        .protocols(protocol)
        .maxDuration(settings.duration().plus(LONGEST_JOURNEY))
        .assertions(
            global().failedRequests().percent().lte(settings.maxFailedPercent()),
            global().responseTime().percentile(99.0).lte((int) settings.p99Budget().toMillis()));
  }

  @Override
  public void before() {
    promotions.create(settings);
  }

  /** One visitor each: a new address, password and keys, and the offer whose turn it is. */
  private Iterator<Map<String, Object>> arrivals() {
    return Stream.generate(
            () -> {
              long n = visitors.incrementAndGet();
              return Map.<String, Object>of(
                  "email", "load-" + run + "-" + n + "@example.org",
                  // hex and dashes: never a word of the name or the email's name (PasswordPolicy)
                  "password", "pw-" + UUID.randomUUID(),
                  "signUpKey", UUID.randomUUID().toString(),
                  "claimKey", UUID.randomUUID().toString(),
                  "promotionId", promotions.forVisitor(n));
            })
        .iterator();
  }

  private static ChainBuilder signUp() {
    return io.gatling.javaapi.core.CoreDsl.exec(
        http("sign up")
            .post("/api/members")
            .header("Idempotency-Key", "#{signUpKey}")
            .body(
                StringBody(
                    "{\"name\": \"Load Visitor\", \"email\": \"#{email}\","
                        + " \"phone\": \"+49 30 1234567\", \"password\": \"#{password}\"}"))
            .check(status().is(201), jsonPath("$.id").saveAs("memberId")));
  }

  private static ChainBuilder signIn() {
    return io.gatling.javaapi.core.CoreDsl.exec(
        http("sign in")
            .post("/api/sessions")
            .body(StringBody("{\"email\": \"#{email}\", \"password\": \"#{password}\"}"))
            .check(status().is(200), jsonPath("$.accessToken").saveAs("token")));
  }
}
