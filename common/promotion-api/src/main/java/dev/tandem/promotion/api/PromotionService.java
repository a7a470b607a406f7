package dev.tandem.promotion.api;

import java.util.List;

/**
 * Promotions and coupons. Exported over Dubbo by promotion-service.
 *
 * <p>Cluster policy, per method (consumers configure it on their reference):
 *
 * <ul>
 *   <li>{@link #get}, {@link #eligibleFor}, {@link #couponsOf}, {@link #search}: reads, so {@code
 *       cluster=failover} with 1 retry on another provider (at most once per tier, as for {@code
 *       MemberService}).
 *   <li>{@link #create} and {@link #claim}: writes, retried with {@code failover} only because they
 *       are idempotent: the command's idempotency key is stored with the change in one transaction,
 *       and a replay returns the first result without applying anything again. Stock is enforced in
 *       MySQL, so no retry or failover can oversell it.
 * </ul>
 */
public interface PromotionService {

  /**
   * @throws IdempotencyKeyReusedException when the key was used for a different request
   */
  Promotion create(CreatePromotion command) throws IdempotencyKeyReusedException;

  /**
   * @throws PromotionNotFoundException when no promotion has this id
   */
  Promotion get(long promotionId) throws PromotionNotFoundException;

  /**
   * Active promotions with stock left whose required level the member reaches, without those the
   * member already holds a coupon of.
   */
  List<Promotion> eligibleFor(long memberId);

  /**
   * Claims one coupon: at most one per member and promotion, never more than the stock.
   *
   * @throws PromotionNotFoundException when no promotion has this id
   * @throws UnknownMemberException when no member has the id the claim names
   * @throws LevelTooLowException when the member's level does not reach the promotion's
   * @throws AlreadyClaimedException when the member holds a coupon of this promotion
   * @throws OutOfStockException when no coupon is left
   * @throws PromotionNotActiveException outside the promotion's validity
   * @throws IdempotencyKeyReusedException when the key was used for a different request
   */
  Coupon claim(ClaimCoupon command)
      throws PromotionNotFoundException,
          UnknownMemberException,
          LevelTooLowException,
          AlreadyClaimedException,
          OutOfStockException,
          PromotionNotActiveException,
          IdempotencyKeyReusedException;

  /** The member's coupons, claimed and welcome. */
  List<Coupon> couponsOf(long memberId);

  /** Full-text search over titles and descriptions. */
  List<Promotion> search(String text);
}
