package dev.tandem.promotion.api;

import java.io.Serializable;

/**
 * A coupon a member holds: claimed from a promotion, or granted on registration (a welcome coupon
 * belongs to no promotion: {@code promotionId} 0).
 *
 * <p>{@code kind} travels as the {@link CouponKind} name, not the enum: Dubbo 3.3.5's hessian-lite
 * cannot decode a list of records in which an enum constant repeats (the second CLAIMED is sent as
 * a back-reference, and rebuilding the record fails with "argument type mismatch").
 */
public record Coupon(long couponId, long promotionId, long memberId, String kind)
    implements Serializable {

  public Coupon {
    CouponKind.valueOf(kind);
  }

  public Coupon(long couponId, long promotionId, long memberId, CouponKind kind) {
    this(couponId, promotionId, memberId, kind.name());
  }

  public CouponKind couponKind() {
    return CouponKind.valueOf(kind);
  }
}
