package dev.tandem.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.drills.Load;
import dev.tandem.drills.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data the requests act on, seeded through the API before anything is measured (members,
 * promotions), and how each class's n-th request is made from it. Requests are built before their
 * send time comes, so building them costs the measured latency nothing.
 */
final class Fixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> members;
  private final List<String> promotions;
  private final Tokens tokens;
  private final String run;
  private final ClaimPairs pairs;
  private final AtomicLong claims = new AtomicLong();
  private final AtomicLong registrations = new AtomicLong();

  Fixture(List<String> members, List<String> promotions, Tokens tokens, String run) {
    this.members = List.copyOf(members);
    this.promotions = List.copyOf(promotions);
    this.tokens = tokens;
    this.run = run;
    this.pairs = new ClaimPairs(members.size(), promotions.size());
  }

  /**
   * Seeds {@code memberCount} members (straight at a site-service instance, as the flash-sale drill
   * does: the gateway's sign-up throttle is for abuse, and this machine is one address) and enough
   * promotions that claims spread below the per-promotion limits, each with stock for every member.
   */
  static Fixture seed(String site, Tokens tokens, int memberCount, Duration limit)
      throws InterruptedException {
    Load seeder = new Load(site, tokens);
    int members = seeder.seedMembers(memberCount, 8, limit);
    if (members < memberCount / 2) {
      throw new IllegalStateException(
          "only "
              + members
              + " of "
              + memberCount
              + " members signed up at "
              + site
              + " within "
              + limit.toSeconds()
              + " s: see ./tandem logs site-1");
    }
    int promotionCount = ClaimPairs.coprimeFrom(PROMOTIONS, members);
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < promotionCount; i++) {
      // a cluster just started (CI: bench right after up ha, load average 23) times some of these
      // out: each is tried again, a second apart, until created or the limit. A timed-out creation
      // that did commit leaves an extra promotion nobody claims, which harms nothing.
      while (seeder.createPromotion("bench offer " + i, members) == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "created "
                  + seeder.promotions().size()
                  + " of the benchmark's "
                  + promotionCount
                  + " promotions at "
                  + site
                  + " within "
                  + limit.toSeconds()
                  + " s: see ./tandem logs site-1");
        }
        Thread.sleep(PROMOTION_RETRY);
      }
    }
    List<String> ids = seeder.members();
    for (String member : ids) {
      tokens.member(member); // minted now, not on the measured path
    }
    return new Fixture(
        ids, seeder.promotions(), tokens, UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Enough promotions that 480 claims/s stay under nginx's 8/s per promotion: far above what a
   * 2-core cluster claims, so that limit never decides a step.
   */
  static final int PROMOTIONS = 61;

  private static final Duration PROMOTION_RETRY = Duration.ofSeconds(1);

  int memberCount() {
    return members.size();
  }

  int promotionCount() {
    return promotions.size();
  }

  HttpRequest request(Kind kind, URI base, long n, Duration timeout) {
    String member = members.get((int) (n % members.size()));
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout);
    return switch (kind) {
      case HOME ->
          asMember(request.uri(base.resolve("/api/members/" + member + "/home")), member)
              .GET()
              .build();
      case MEMBER ->
          asMember(request.uri(base.resolve("/api/members/" + member)), member).GET().build();
      case SEARCH ->
          request.uri(base.resolve("/api/promotions/search?q=bench%20offer")).GET().build();
      case REGISTER ->
          write(
                  request.uri(base.resolve("/api/members")),
                  Load.registration(
                      "bench-" + run + "-" + registrations.incrementAndGet() + "@example.org"))
              .build();
      case CLAIM -> {
        ClaimPairs.Pair pair = pairs.pair(claims.getAndIncrement());
        String claimant = members.get(pair.member());
        yield asMember(
                write(
                    request.uri(
                        base.resolve(
                            "/api/promotions/" + promotions.get(pair.promotion()) + "/claims")),
                    Map.of("memberId", claimant)),
                claimant)
            .build();
      }
    };
  }

  private HttpRequest.Builder asMember(HttpRequest.Builder request, String member) {
    return request.header("Authorization", "Bearer " + tokens.member(member));
  }

  private static HttpRequest.Builder write(HttpRequest.Builder request, Object body) {
    try {
      return request
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", UUID.randomUUID().toString())
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }
}
