package dev.tandem.promotion.api;

/** The member already holds a coupon of the promotion; none was claimed. */
public class AlreadyClaimedException extends RuntimeException {

  public AlreadyClaimedException(long promotionId, long memberId) {
    super("member " + memberId + " already holds a coupon of promotion " + promotionId);
  }
}
