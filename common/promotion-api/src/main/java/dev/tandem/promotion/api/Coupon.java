package dev.tandem.promotion.api;

import java.io.Serializable;

/**
 * A coupon a member holds: claimed from a promotion, or granted on registration. A welcome coupon
 * belongs to no promotion: its {@code promotionId} is null, and only its.
 *
 * <p>{@code kind} travels as the {@link CouponKind} name, not the enum: Dubbo 3.3.5's hessian-lite
 * cannot decode a list of records in which an enum constant repeats (the second CLAIMED is sent as
 * a back-reference, and rebuilding the record fails with "argument type mismatch").
 */
public record Coupon(long couponId, Long promotionId, long memberId, String kind)
    implements Serializable {

  public Coupon {
    if ((CouponKind.valueOf(kind) == CouponKind.WELCOME) != (promotionId == null)) {
      throw new IllegalArgumentException(
          "a "
              + kind
              + " coupon with promotion "
              + promotionId
              + ": only welcome coupons have none");
    }
  }

  /** A coupon claimed from {@code promotionId}. */
  public static Coupon claimed(long couponId, long promotionId, long memberId) {
    return new Coupon(couponId, promotionId, memberId, CouponKind.CLAIMED.name());
  }

  /** A member's welcome coupon, of no promotion. */
  public static Coupon welcome(long couponId, long memberId) {
    return new Coupon(couponId, null, memberId, CouponKind.WELCOME.name());
  }

  public CouponKind couponKind() {
    return CouponKind.valueOf(kind);
  }
}
