package dev.tandem.promotion.api;

/** No promotion has the id. */
public class PromotionNotFoundException extends RuntimeException {

  public PromotionNotFoundException(long promotionId) {
    super("no promotion with id " + promotionId);
  }
}
