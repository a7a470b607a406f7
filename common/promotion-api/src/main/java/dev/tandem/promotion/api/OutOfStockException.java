package dev.tandem.promotion.api;

/** Every coupon of the promotion is taken; none was claimed. */
public class OutOfStockException extends RuntimeException {

  public OutOfStockException(long promotionId) {
    super("promotion " + promotionId + " has no coupons left");
  }
}
