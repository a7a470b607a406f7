package dev.tandem.promotion.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.promotion.api.PromotionNotActiveException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredPromotionTest {

  static final Instant STARTS = Instant.parse("2030-01-01T00:00:00Z");
  static final Instant ENDS = Instant.parse("2030-02-01T00:00:00Z");

  static StoredPromotion promotion(MemberLevel required, int remaining) {
    return new StoredPromotion(7, "t", "d", required, 10, remaining, STARTS, ENDS, 1);
  }

  @Test
  void runsFromItsStartUntilJustBeforeItsEnd() {
    StoredPromotion promotion = promotion(MemberLevel.BASIC, 5);

    assertThat(promotion.isRunningAt(STARTS.minusMillis(1))).isFalse();
    assertThat(promotion.isRunningAt(STARTS)).isTrue();
    assertThat(promotion.isRunningAt(ENDS.minusMillis(1))).isTrue();
    assertThat(promotion.isRunningAt(ENDS)).isFalse();
  }

  @Test
  void refusesClaimsOutsideItsValidity() {
    assertThatThrownBy(() -> promotion(MemberLevel.BASIC, 5).requireRunningAt(ENDS))
        .isInstanceOf(PromotionNotActiveException.class);
  }

  @Test
  void admitsMembersWhoseLevelReachesTheRequiredOne() {
    StoredPromotion silver = promotion(MemberLevel.SILVER, 5);

    assertThat(silver.admits(MemberLevel.BASIC)).isFalse();
    assertThat(silver.admits(MemberLevel.SILVER)).isTrue();
    assertThat(silver.admits(MemberLevel.GOLD)).isTrue();
  }

  @Test
  void isNotEligibleOnceTheStockIsGone() {
    assertThat(promotion(MemberLevel.BASIC, 1).isEligibleAt(STARTS, MemberLevel.GOLD)).isTrue();
    assertThat(promotion(MemberLevel.BASIC, 0).isEligibleAt(STARTS, MemberLevel.GOLD)).isFalse();
  }
}
