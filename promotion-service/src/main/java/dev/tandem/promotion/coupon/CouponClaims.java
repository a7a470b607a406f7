package dev.tandem.promotion.coupon;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import dev.tandem.promotion.api.AlreadyClaimedException;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.LevelTooLowException;
import dev.tandem.promotion.api.OutOfStockException;
import dev.tandem.promotion.api.PromotionNotFoundException;
import dev.tandem.promotion.api.UnknownMemberException;
import dev.tandem.promotion.member.MemberClient;
import dev.tandem.promotion.promotion.PromotionRepository;
import dev.tandem.promotion.promotion.StoredPromotion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Claiming coupons. The member's level is asked of member-service first, outside any transaction (a
 * transaction must not wait on another service); an unknown member ends the claim there. Then one
 * transaction reserves the idempotency key, checks the promotion (running, a level the member
 * reaches, not yet held), takes one from the stock with a conditional update (unless its read
 * already shows none left) and inserts the coupon under its unique key: whatever fails rolls all of
 * it back, so no retry, failover or race can oversell or hand out a second coupon.
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

  /**
   * The key is the caller's (the member claiming): a replay answers the first coupon, the same key
   * for another claim is refused.
   */
  public Coupon claim(ClaimCoupon command) {
    MemberLevel level = levelOf(command.memberId());
    IdempotentRequest request =
        IdempotentRequest.of(
            IdempotencyScope.ofCaller(command.caller()),
            command.idempotencyKey(),
            fingerprintOf(command));
    return idempotentWrites.apply(
        request, Coupon.class, () -> claimOnce(command.promotionId(), command.memberId(), level));
  }

  static Fingerprint fingerprintOf(ClaimCoupon command) {
    return Fingerprint.of("claim-coupon")
        .with("promotionId", command.promotionId())
        .with("memberId", command.memberId())
        .build();
  }

  /**
   * Without this check (and the level check in {@link #claimOnce}), anyone could drain a
   * promotion's stock with made-up member ids, or take coupons meant for a higher level (issue 10).
   * A level only rises, so the level read here still holds when the transaction runs.
   */
  private MemberLevel levelOf(long memberId) {
    return members
        .confirmedLevelOf(memberId)
        .orElseThrow(() -> new UnknownMemberException(memberId));
  }

  private Coupon claimOnce(long promotionId, long memberId, MemberLevel level) {
    Instant now = clock.instant();
    StoredPromotion promotion =
        promotions.find(promotionId).orElseThrow(() -> new PromotionNotFoundException(promotionId));
    promotion.requireRunningAt(now);
    if (!promotion.admits(level)) {
      throw new LevelTooLowException(promotionId, promotion.levelRequired().name());
    }
    // Already-claimed wins over out-of-stock: it tells the member they have one.
    if (coupons.holds(memberId, promotionId)) {
      throw new AlreadyClaimedException(promotionId, memberId);
    }
    // Sold out as of this transaction's snapshot (a plain read, no lock): stock never comes back,
    // so it stays sold out. Without this, every claim after the last coupon still queued for the
    // promotion's row lock, behind commits that each wait for the replica (semi-sync), just to be
    // told no: the flash-sale drill's excess.
    if (promotion.remaining() <= 0 || !promotions.takeOne(promotionId)) {
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
