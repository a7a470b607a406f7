package dev.tandem.site.promotion;

import dev.tandem.promotion.api.Coupon;

/** The coupon a claim produced. */
record ClaimView(String couponId, String promotionId, String memberId) {

  static ClaimView of(Coupon coupon) {
    return new ClaimView(
        Long.toString(coupon.couponId()),
        Long.toString(coupon.promotionId()),
        Long.toString(coupon.memberId()));
  }
}
