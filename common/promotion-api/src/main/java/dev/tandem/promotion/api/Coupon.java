package dev.tandem.promotion.api;

import java.io.Serializable;

/**
 * A coupon a member holds: claimed from a promotion, or granted on registration. WELCOME coupons
 * belong to no promotion: their {@code promotionId} is 0.
 */
public record Coupon(long couponId, long promotionId, long memberId, CouponKind kind)
    implements Serializable {}
