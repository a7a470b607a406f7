package dev.tandem.promotion.api;

/** The promotion has not started or has ended; no coupon was claimed. */
public class PromotionNotActiveException extends RuntimeException {

  public PromotionNotActiveException(long promotionId) {
    super("promotion " + promotionId + " is not running now");
  }
}
