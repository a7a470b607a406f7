package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.e2e.Api.Reply;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code Idempotency-Key} contract through the entry URL: a key is the caller's (the token's
 * subject; an anonymous registration's email), the same key with the same body replays the first
 * answer, and the same key with another body is 422 {@code idempotency-key-reused} wherever that
 * body would land, on the other member shard too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private final Api anonymous = new Api();
  private final Api admin = Api.admin();

  /** A signed-in member on each of the two member shards (ids carry their shard in 4 low bits). */
  private final Map<Integer, Api.SignedIn> onShard = new HashMap<>();

  @BeforeAll
  void registerAMemberOnEachShard() {
    for (int i = 0; onShard.size() < 2 && i < 40; i++) {
      Api.SignedIn member =
          anonymous.registerAndSignIn("Shard " + i, "shard-" + i + "-" + RUN + "@example.org");
      onShard.putIfAbsent(shardOf(member.id()), member);
    }
    assertThat(onShard).as("members on both shards").containsKeys(0, 1);
  }

  private static int shardOf(String memberId) {
    return (int) (Long.parseLong(memberId) & 0xF);
  }

  private static String key() {
    return "idem-" + RUN + "-" + UUID.randomUUID();
  }

  private static Map<String, Object> points(int points) {
    return Map.of("points", points, "reason", "idempotency suite");
  }

  private static String pointsOf(Api.SignedIn member) {
    return "/api/members/" + member.id() + "/points";
  }

  private static void assertKeyReused(Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(422);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.text("type")).isEqualTo("https://tandem.dev/problems/idempotency-key-reused");
  }

  @Test
  void anAdminReusingAKeyForAMemberOnTheOtherShardIsRefused() {
    Api.SignedIn first = onShard.get(0);
    Api.SignedIn second = onShard.get(1);
    long secondPointsBefore =
        admin.get("/api/members/" + second.id()).body().path("points").asLong();
    String key = key();

    Reply applied = admin.post(pointsOf(first), points(10), key);
    Reply replayed = admin.post(pointsOf(first), points(10), key);
    Reply reused = admin.post(pointsOf(second), points(10), key);

    assertThat(applied.status()).isEqualTo(200);
    assertThat(replayed.status()).isEqualTo(200);
    assertThat(replayed.body()).isEqualTo(applied.body());
    assertKeyReused(reused);
    assertThat(admin.get("/api/members/" + second.id()).body().path("points").asLong())
        .isEqualTo(secondPointsBefore);

    // and the other way round: a key first used on shard 1
    String other = key();
    assertThat(admin.post(pointsOf(second), points(5), other).status()).isEqualTo(200);
    assertKeyReused(admin.post(pointsOf(first), points(5), other));
  }

  @Test
  void twoCallersUsingTheSameKeyNeverMeet() {
    Api.SignedIn ada = onShard.get(0);
    Api.SignedIn grace = onShard.get(1);
    String key = key();

    Reply byAda = ada.api().post(pointsOf(ada), points(1), key);
    Reply byGrace = grace.api().post(pointsOf(grace), points(2), key);
    Reply byAdmin = admin.post(pointsOf(ada), points(3), key);

    assertThat(byAda.status()).isEqualTo(200);
    assertThat(byGrace.status()).isEqualTo(200);
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(byAdmin.body().path("points").asLong())
        .isEqualTo(byAda.body().path("points").asLong() + 3);
  }

  @Test
  void aMemberReusingTheirKeyForAnotherAmountIsRefused() {
    Api.SignedIn member = onShard.get(1);
    String key = key();

    assertThat(member.api().post(pointsOf(member), points(7), key).status()).isEqualTo(200);
    assertKeyReused(member.api().post(pointsOf(member), points(8), key));
  }

  @Test
  void aRegistrationKeyIsScopedByTheEmail() {
    String key = key();
    String email = "scoped-" + RUN + "@example.org";
    Map<String, Object> body =
        Map.of("name", "Hedy", "email", email, "phone", "+49 30 1234567", "password", "pw-" + RUN);

    Reply first = anonymous.post("/api/members", body, key);
    Reply replay = anonymous.post("/api/members", body, key);
    Map<String, Object> renamed = new HashMap<>(body);
    renamed.put("name", "Hedy L");
    Reply reused = anonymous.post("/api/members", renamed, key);
    Map<String, Object> otherEmail = new HashMap<>(body);
    otherEmail.put("email", "scoped-other-" + RUN + "@example.org");
    Reply someoneElse = anonymous.post("/api/members", otherEmail, key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertKeyReused(reused);
    assertThat(someoneElse.status()).isEqualTo(201);
    assertThat(someoneElse.text("id")).isNotEqualTo(first.text("id"));
  }

  @Test
  void aClaimKeyIsOneClaimAndACreateKeyIsOnePromotion() {
    String promotionKey = key();
    Map<String, Object> promotion = promotion("Idempotency " + RUN);
    Reply created = admin.post("/api/promotions", promotion, promotionKey);
    Reply recreated = admin.post("/api/promotions", promotion, promotionKey);
    Map<String, Object> changed = new HashMap<>(promotion);
    changed.put("stock", 6);
    Reply reusedForAnother = admin.post("/api/promotions", changed, promotionKey);

    assertThat(created.status()).isEqualTo(201);
    assertThat(recreated.body()).isEqualTo(created.body());
    assertKeyReused(reusedForAnother);

    String other = admin.post("/api/promotions", promotion("Idempotency other " + RUN)).text("id");
    Api.SignedIn member = onShard.get(0);
    String claimKey = key();
    Map<String, String> claim = Map.of("memberId", member.id());
    Reply claimed =
        member.api().post("/api/promotions/" + created.text("id") + "/claims", claim, claimKey);
    Reply replayed =
        member.api().post("/api/promotions/" + created.text("id") + "/claims", claim, claimKey);
    Reply reused = member.api().post("/api/promotions/" + other + "/claims", claim, claimKey);

    assertThat(claimed.status()).isEqualTo(201);
    assertThat(replayed.body()).isEqualTo(claimed.body());
    assertKeyReused(reused);
    assertThat(anonymous.get("/api/promotions/" + other).body().path("remaining").asInt())
        .isEqualTo(5);
  }

  private static Map<String, Object> promotion(String title) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return Map.of(
        "title",
        title,
        "description",
        "for the idempotency suite",
        "levelRequired",
        "BASIC",
        "stock",
        5,
        "startsAt",
        now.minus(1, ChronoUnit.HOURS).toString(),
        "endsAt",
        now.plus(2, ChronoUnit.HOURS).toString());
  }
}
