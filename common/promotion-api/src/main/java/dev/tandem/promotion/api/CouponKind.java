package dev.tandem.promotion.api;

/** How the member got the coupon. */
public enum CouponKind {
  CLAIMED,
  WELCOME
}
