package dev.tandem.site.coupon;

import dev.tandem.promotion.api.Coupon;
import java.util.Locale;

/**
 * A coupon a member holds; {@code kind} is {@code claimed} or {@code welcome}, and a welcome coupon
 * has no {@code promotionId} (null).
 */
public record CouponView(String couponId, String promotionId, String kind) {

  public static CouponView of(Coupon coupon) {
    return new CouponView(
        Long.toString(coupon.couponId()),
        coupon.promotionId() == null ? null : Long.toString(coupon.promotionId()),
        coupon.kind().toLowerCase(Locale.ROOT));
  }
}
