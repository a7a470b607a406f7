package dev.tandem.site.promotion;

import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.site.web.IdempotencyKey;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** {@code POST /api/promotions/{id}/claims}. {@code memberId} may come as a string or a number. */
record ClaimRequest(@NotNull @Positive Long memberId) {

  /** {@code caller}: the token subject of whoever claims; the key is theirs. */
  ClaimCoupon toCommand(IdempotencyKey key, String caller, long promotionId) {
    return new ClaimCoupon(key.value(), caller, promotionId, memberId);
  }
}
