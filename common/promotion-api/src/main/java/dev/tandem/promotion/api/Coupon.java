package dev.tandem.promotion.api;

import java.io.Serializable;

/** A coupon a member holds: claimed from a promotion, or granted on registration. */
public record Coupon(long couponId, long promotionId, long memberId, CouponKind kind)
    implements Serializable {}
