package dev.tandem.promotion.coupon;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.promotion.api.AlreadyClaimedException;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.LevelTooLowException;
import dev.tandem.promotion.api.OutOfStockException;
import dev.tandem.promotion.api.PromotionNotFoundException;
import dev.tandem.promotion.api.UnknownMemberException;
import dev.tandem.promotion.idempotency.Fingerprint;
import dev.tandem.promotion.idempotency.IdempotentWrites;
import dev.tandem.promotion.member.MemberClient;
import dev.tandem.promotion.promotion.PromotionRepository;
import dev.tandem.promotion.promotion.StoredPromotion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Claiming coupons. The claimant is checked first, outside any transaction: the member must exist
 * and reach the promotion's level (asked of member-service, which a transaction must not wait on).
 * Then one transaction reserves the idempotency key, takes one from the stock with a conditional
 * update and inserts the coupon under its unique key: whatever fails rolls all of it back, so no
 * retry, failover or race can oversell or hand out a second coupon.
 */
@Service
public class CouponClaims {

  private final PromotionRepository promotions;
  private final CouponRepository coupons;
  private final MemberClient members;
  private final IdempotentWrites idempotentWrites;
  private final Clock clock;

  CouponClaims(
      PromotionRepository promotions,
      CouponRepository coupons,
      MemberClient members,
      IdempotentWrites idempotentWrites,
      Clock clock) {
    this.promotions = promotions;
    this.coupons = coupons;
    this.members = members;
    this.idempotentWrites = idempotentWrites;
    this.clock = clock;
  }

  public Coupon claim(ClaimCoupon command) {
    requireClaimant(command.promotionId(), command.memberId());
    Fingerprint request = Fingerprint.of("claim-coupon", command.promotionId(), command.memberId());
    return idempotentWrites.apply(
        command.idempotencyKey(),
        request,
        Coupon.class,
        () -> claimOnce(command.promotionId(), command.memberId()));
  }

  /**
   * Without this, anyone could drain a promotion's stock with made-up member ids, or take coupons
   * meant for a higher level (issue 10). A level only rises, so a check that passed still holds
   * when the transaction runs.
   */
  private void requireClaimant(long promotionId, long memberId) {
    StoredPromotion promotion =
        promotions.find(promotionId).orElseThrow(() -> new PromotionNotFoundException(promotionId));
    MemberLevel level =
        members.confirmedLevelOf(memberId).orElseThrow(() -> new UnknownMemberException(memberId));
    if (!promotion.admits(level)) {
      throw new LevelTooLowException(promotionId, promotion.levelRequired().name());
    }
  }

  private Coupon claimOnce(long promotionId, long memberId) {
    Instant now = clock.instant();
    StoredPromotion promotion =
        promotions.find(promotionId).orElseThrow(() -> new PromotionNotFoundException(promotionId));
    promotion.requireRunningAt(now);
    // Already-claimed wins over out-of-stock: it tells the member they have one.
    if (coupons.holds(memberId, promotionId)) {
      throw new AlreadyClaimedException(promotionId, memberId);
    }
    if (!promotions.takeOne(promotionId)) {
      throw new OutOfStockException(promotionId);
    }
    try {
      return coupons.insertClaimed(promotionId, memberId, now);
    } catch (DuplicateKeyException concurrentClaimOfSameMember) {
      throw new AlreadyClaimedException(promotionId, memberId);
    }
  }

  public List<Coupon> couponsOf(long memberId) {
    return coupons.findOf(memberId);
  }
}
