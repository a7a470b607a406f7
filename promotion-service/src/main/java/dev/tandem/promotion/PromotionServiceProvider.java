package dev.tandem.promotion;

import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionService;
import dev.tandem.promotion.coupon.CouponClaims;
import dev.tandem.promotion.promotion.Promotions;
import dev.tandem.promotion.search.PromotionSearch;
import java.util.List;
import org.apache.dubbo.config.annotation.DubboService;

/**
 * {@link PromotionService} over Dubbo. The timeout bounds a call on the provider side; consumers
 * choose retries per method as the interface documents (safe for writes: they are idempotent).
 *
 * <p>Commands arrive checked against the constraints their records carry: a provider never trusts
 * the wire, so Dubbo's validation checks them before a call reaches this class (the platform's
 * {@code dev.tandem.platform.contract}). A violation crosses Dubbo as an {@link
 * IllegalArgumentException}, a JDK type every consumer can read.
 */
@DubboService(timeout = 3000)
class PromotionServiceProvider implements PromotionService {

  private final Promotions promotions;
  private final CouponClaims claims;
  private final PromotionSearch search;

  PromotionServiceProvider(Promotions promotions, CouponClaims claims, PromotionSearch search) {
    this.promotions = promotions;
    this.claims = claims;
    this.search = search;
  }

  @Override
  public Promotion create(CreatePromotion command) {
    return promotions.create(command);
  }

  @Override
  public Promotion get(long promotionId) {
    return promotions.get(promotionId);
  }

  @Override
  public List<Promotion> eligibleFor(long memberId) {
    return promotions.eligibleFor(memberId);
  }

  @Override
  public Coupon claim(ClaimCoupon command) {
    return claims.claim(command);
  }

  @Override
  public List<Coupon> couponsOf(long memberId) {
    return claims.couponsOf(memberId);
  }

  @Override
  public List<Promotion> search(String text) {
    return search.search(text);
  }
}
