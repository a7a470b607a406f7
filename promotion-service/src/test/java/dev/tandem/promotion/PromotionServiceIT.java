package dev.tandem.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.promotion.api.AlreadyClaimedException;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.CouponKind;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.IdempotencyKeyReusedException;
import dev.tandem.promotion.api.LevelTooLowException;
import dev.tandem.promotion.api.OutOfStockException;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionNotActiveException;
import dev.tandem.promotion.api.PromotionService;
import dev.tandem.promotion.api.UnknownMemberException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class PromotionServiceIT extends ClusterIntegration {

  @Autowired PromotionService promotions;
  @Autowired IdempotencyStore idempotencyStore;
  @Autowired JdbcClient jdbc;

  /** Every member this test names exists, at SILVER, unless a test says otherwise. */
  @BeforeEach
  void membersExist() {
    given(members.confirmedLevelOf(anyLong())).willReturn(Optional.of(MemberLevel.SILVER));
    given(members.levelOf(anyLong())).willReturn(Optional.of(MemberLevel.SILVER));
  }

  static final String ADMIN = "admin";

  static String key() {
    return "it-" + RUN + "-" + UUID.randomUUID();
  }

  static long memberId() {
    return ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE);
  }

  /** A claim as site-service sends it: the claiming member is the caller. */
  static ClaimCoupon claimOf(String key, long promotionId, long memberId) {
    return new ClaimCoupon(key, Long.toString(memberId), promotionId, memberId);
  }

  static CreatePromotion running(String title, int stock) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new CreatePromotion(
        key(),
        ADMIN,
        title,
        "Integration test promotion of run " + RUN,
        "BASIC",
        stock,
        now.minus(Duration.ofMinutes(1)),
        now.plus(Duration.ofHours(1)));
  }

  @Test
  void createdPromotionCanBeReadAndFoundBySearch() {
    String word = "zebra" + RUN;
    Promotion created = promotions.create(running("Spring " + word + " sale", 5));

    assertThat(promotions.get(created.id())).isEqualTo(created);
    assertThat(created.remaining()).isEqualTo(5);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(promotions.search(word))
                    .extracting(Promotion::id)
                    .containsExactly(created.id()));
  }

  @Test
  void replayingACreateReturnsTheFirstPromotionAndRefusesADifferentRequest() {
    CreatePromotion command = running("Replay " + RUN, 3);

    Promotion first = promotions.create(command);

    assertThat(promotions.create(command)).isEqualTo(first);
    CreatePromotion other =
        new CreatePromotion(
            command.idempotencyKey(),
            ADMIN,
            "Another title",
            command.description(),
            command.levelRequired(),
            command.stock(),
            command.startsAt(),
            command.endsAt());
    assertThatThrownBy(() -> promotions.create(other))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    // another operator's key is another key
    Promotion byOther =
        promotions.create(
            new CreatePromotion(
                command.idempotencyKey(),
                "ops",
                "Another title",
                command.description(),
                command.levelRequired(),
                command.stock(),
                command.startsAt(),
                command.endsAt()));
    assertThat(byOther.id()).isNotEqualTo(first.id());
  }

  @Test
  void fiftyConcurrentClaimsNeverOversellTenCoupons() throws Exception {
    Promotion promotion = promotions.create(running("Rush " + RUN, 10));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Coupon>> claims = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        ClaimCoupon claim = claimOf(key(), promotion.id(), memberId());
        claims.add(
            threads.submit(
                () -> {
                  start.await();
                  return promotions.claim(claim);
                }));
      }
      start.countDown();
    }

    int claimed = 0;
    int outOfStock = 0;
    for (Future<Coupon> claim : claims) {
      try {
        claim.get(60, TimeUnit.SECONDS);
        claimed++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(OutOfStockException.class);
        outOfStock++;
      }
    }
    assertThat(claimed).isEqualTo(10);
    assertThat(outOfStock).isEqualTo(40);
    assertThat(promotions.get(promotion.id()).remaining()).isZero();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM coupon WHERE promotion_id = ?")
                .param(promotion.id())
                .query(Long.class)
                .single())
        .isEqualTo(10);
  }

  @Test
  void claimingTwiceWithOneKeyGivesOneCouponAndTheSameAnswer() {
    Promotion promotion = promotions.create(running("Twice " + RUN, 5));
    long member = memberId();
    ClaimCoupon claim = claimOf(key(), promotion.id(), member);

    Coupon first = promotions.claim(claim);
    Coupon replay = promotions.claim(claim);

    assertThat(replay).isEqualTo(first);
    assertThat(first.couponKind()).isEqualTo(CouponKind.CLAIMED);
    assertThat(promotions.couponsOf(member)).containsExactly(first);
    assertThat(promotions.get(promotion.id()).remaining()).isEqualTo(4);
  }

  @Test
  void aNewKeyForTheSameMemberAndPromotionIsAlreadyClaimed() {
    Promotion promotion = promotions.create(running("Again " + RUN, 5));
    long member = memberId();
    promotions.claim(claimOf(key(), promotion.id(), member));

    assertThatThrownBy(() -> promotions.claim(claimOf(key(), promotion.id(), member)))
        .isInstanceOf(AlreadyClaimedException.class);
    assertThat(promotions.get(promotion.id()).remaining()).isEqualTo(4);
  }

  @Test
  void aKeyUsedForAnotherClaimIsRefused() {
    Promotion promotion = promotions.create(running("Reuse " + RUN, 5));
    Promotion other = promotions.create(running("Reuse other " + RUN, 5));
    String key = key();
    long member = memberId();
    promotions.claim(claimOf(key, promotion.id(), member));

    assertThatThrownBy(() -> promotions.claim(claimOf(key, other.id(), member)))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(promotions.get(other.id()).remaining()).isEqualTo(5);
  }

  @Test
  void twoMembersUsingTheSameKeyDoNotMeet() {
    Promotion promotion = promotions.create(running("Same key " + RUN, 5));
    String key = key();

    Coupon first = promotions.claim(claimOf(key, promotion.id(), memberId()));
    Coupon second = promotions.claim(claimOf(key, promotion.id(), memberId()));

    assertThat(second.couponId()).isNotEqualTo(first.couponId());
    assertThat(promotions.get(promotion.id()).remaining()).isEqualTo(3);
  }

  @Test
  void aKeyStaysBoundToItsClaimWhenTheClaimWasRefused() {
    Promotion soldOut = promotions.create(running("Sold out " + RUN, 1));
    Promotion other = promotions.create(running("Still there " + RUN, 5));
    promotions.claim(claimOf(key(), soldOut.id(), memberId()));
    String key = key();
    long member = memberId();

    assertThatThrownBy(() -> promotions.claim(claimOf(key, soldOut.id(), member)))
        .isInstanceOf(OutOfStockException.class);
    assertThatThrownBy(() -> promotions.claim(claimOf(key, soldOut.id(), member)))
        .as("a retry runs again and answers for the moment")
        .isInstanceOf(OutOfStockException.class);
    assertThatThrownBy(() -> promotions.claim(claimOf(key, other.id(), member)))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(promotions.get(other.id()).remaining()).isEqualTo(5);
  }

  @Test
  void keysOlderThanTheRetentionArePurgedAndMayBeUsedAgain() {
    IdempotencyScope scope = IdempotencyScope.ofCaller(ADMIN);
    String key = key();
    IdempotentRequest old =
        IdempotentRequest.of(
            scope, key, Fingerprint.of("create-promotion").with("stock", 1).build());
    IdempotentRequest other =
        IdempotentRequest.of(
            scope, key, Fingerprint.of("create-promotion").with("stock", 2).build());
    assertThat(idempotencyStore.bind(old, Instant.now().minus(Duration.ofHours(25))))
        .isEqualTo(old.fingerprint());
    assertThat(idempotencyStore.bind(other, Instant.now())).isEqualTo(old.fingerprint());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                idempotencyStore.purgeCreatedBefore(
                        Instant.now().minus(Duration.ofHours(24)), 1_000)
                    == 0);

    assertThat(idempotencyStore.bind(other, Instant.now())).isEqualTo(other.fingerprint());
  }

  @Test
  void aPromotionThatHasNotStartedCannotBeClaimed() {
    Instant later = Instant.now().plus(Duration.ofDays(1));
    Promotion promotion =
        promotions.create(
            new CreatePromotion(
                key(),
                ADMIN,
                "Later",
                "Not yet, run " + RUN,
                "BASIC",
                5,
                later,
                later.plusSeconds(60)));

    assertThatThrownBy(() -> promotions.claim(claimOf(key(), promotion.id(), memberId())))
        .isInstanceOf(PromotionNotActiveException.class);
  }

  @Test
  void eligibilityFollowsTheMembersLevel() {
    Promotion basic = promotions.create(running("Basic " + RUN, 5));
    CreatePromotion goldCommand = running("Gold " + RUN, 5);
    Promotion gold =
        promotions.create(
            new CreatePromotion(
                goldCommand.idempotencyKey(),
                ADMIN,
                goldCommand.title(),
                goldCommand.description(),
                "GOLD",
                5,
                goldCommand.startsAt(),
                goldCommand.endsAt()));
    long silverMember = memberId();

    List<Long> eligible = promotions.eligibleFor(silverMember).stream().map(Promotion::id).toList();

    assertThat(eligible).contains(basic.id()).doesNotContain(gold.id());
    assertThatThrownBy(() -> promotions.claim(claimOf(key(), gold.id(), silverMember)))
        .isInstanceOf(LevelTooLowException.class);
    assertThat(promotions.get(gold.id()).remaining()).isEqualTo(5);
  }

  @Test
  void aPromotionTheMemberHoldsACouponOfLeavesTheirEligibleList() {
    Promotion claimed = promotions.create(running("Held " + RUN, 5));
    Promotion other = promotions.create(running("Other " + RUN, 5));
    long member = memberId();
    promotions.claim(claimOf(key(), claimed.id(), member));

    List<Long> eligible = promotions.eligibleFor(member).stream().map(Promotion::id).toList();

    assertThat(eligible).contains(other.id()).doesNotContain(claimed.id());
    assertThat(promotions.eligibleFor(memberId()).stream().map(Promotion::id))
        .contains(claimed.id());
  }

  @Test
  void aClaimForAMemberWhoDoesNotExistTakesNothing() {
    Promotion promotion = promotions.create(running("Nobody " + RUN, 5));
    long nobody = memberId();
    given(members.confirmedLevelOf(nobody)).willReturn(Optional.empty());

    assertThatThrownBy(() -> promotions.claim(claimOf(key(), promotion.id(), nobody)))
        .isInstanceOf(UnknownMemberException.class);
    assertThat(promotions.get(promotion.id()).remaining()).isEqualTo(5);
    assertThat(promotions.couponsOf(nobody)).isEmpty();
  }

  @AfterAll
  static void removeWhatThisRunCreated(@Autowired JdbcClient jdbc) {
    String ofThisRun = "%" + RUN;
    jdbc.sql(
            "DELETE FROM coupon WHERE promotion_id IN"
                + " (SELECT id FROM promotion WHERE description LIKE ?)")
        .param(ofThisRun)
        .update();
    jdbc.sql("DELETE FROM promotion WHERE description LIKE ?").param(ofThisRun).update();
    for (String table : List.of("idempotency_keys", "idempotency_answers")) {
      jdbc.sql("DELETE FROM " + table + " WHERE idempotency_key LIKE ?")
          .param("it-" + RUN + "-%")
          .update();
    }
  }
}
