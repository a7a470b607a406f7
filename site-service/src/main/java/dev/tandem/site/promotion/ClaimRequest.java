package dev.tandem.site.promotion;

import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.site.web.IdempotencyKey;

/**
 * {@code POST /api/promotions/{id}/claims}: the body's shape ({@code memberId} may come as a string
 * or a number). Its rules are {@link ClaimCoupon}'s, checked on the command before it is sent.
 */
record ClaimRequest(Long memberId) {

  /** {@code caller}: the token subject of whoever claims; the key is theirs. */
  ClaimCoupon toCommand(IdempotencyKey key, String caller, long promotionId) {
    return new ClaimCoupon(key.value(), caller, promotionId, memberId);
  }
}
