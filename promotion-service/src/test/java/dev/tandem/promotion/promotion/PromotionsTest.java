package dev.tandem.promotion.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.platform.idempotency.IdempotentWrites;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.member.MemberClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionsTest {

  static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

  final PromotionRepository repository = mock(PromotionRepository.class);
  final MemberClient members = mock(MemberClient.class);
  final Promotions promotions =
      new Promotions(
          repository, mock(IdempotentWrites.class), members, Clock.fixed(NOW, ZoneOffset.UTC));

  static StoredPromotion requiring(long id, MemberLevel level) {
    return new StoredPromotion(
        id, "t", "d", level, 10, 5, NOW.minusSeconds(60), NOW.plusSeconds(60), 1);
  }

  @Test
  void everyFieldOfAPromotionIsPartOfTheRequestButNeitherKeyNorCaller() {
    Instant starts = Instant.parse("2030-01-01T00:00:00Z");
    Instant ends = Instant.parse("2030-02-01T00:00:00Z");
    CreatePromotion command =
        new CreatePromotion("k1", "admin", "Sale", "10% off", "SILVER", 100, starts, ends);
    var fingerprint = Promotions.fingerprintOf(command);

    assertThat(
            Promotions.fingerprintOf(
                new CreatePromotion("k2", "ops", "Sale", "10% off", "SILVER", 100, starts, ends)))
        .isEqualTo(fingerprint);
    for (CreatePromotion other :
        List.of(
            new CreatePromotion("k1", "admin", "Sale!", "10% off", "SILVER", 100, starts, ends),
            new CreatePromotion("k1", "admin", "Sale", "20% off", "SILVER", 100, starts, ends),
            new CreatePromotion("k1", "admin", "Sale", "10% off", "GOLD", 100, starts, ends),
            new CreatePromotion("k1", "admin", "Sale", "10% off", "SILVER", 101, starts, ends),
            new CreatePromotion(
                "k1", "admin", "Sale", "10% off", "SILVER", 100, starts.plusMillis(1), ends),
            new CreatePromotion(
                "k1", "admin", "Sale", "10% off", "SILVER", 100, starts, ends.plusMillis(1)))) {
      assertThat(Promotions.fingerprintOf(other)).as(other.toString()).isNotEqualTo(fingerprint);
    }
  }

  @Test
  void offersOnlyPromotionsTheMembersLevelReaches() {
    given(members.levelOf(42)).willReturn(Optional.of(MemberLevel.SILVER));
    given(repository.findRunningWithStockNotHeldBy(42, NOW, Promotions.ELIGIBLE_LIMIT))
        .willReturn(
            List.of(
                requiring(1, MemberLevel.BASIC),
                requiring(2, MemberLevel.SILVER),
                requiring(3, MemberLevel.GOLD)));

    assertThat(promotions.eligibleFor(42)).extracting(Promotion::id).containsExactly(1L, 2L);
  }

  @Test
  void offersNothingToAnUnknownMember() {
    given(members.levelOf(42)).willReturn(Optional.empty());

    assertThat(promotions.eligibleFor(42)).isEmpty();
    then(repository).should(never()).findRunningWithStockNotHeldBy(anyLong(), any(), anyInt());
  }
}
