package dev.tandem.promotion;

import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionService;
import dev.tandem.promotion.coupon.CouponClaims;
import dev.tandem.promotion.promotion.Promotions;
import dev.tandem.promotion.search.PromotionSearch;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.dubbo.config.annotation.DubboService;

/**
 * {@link PromotionService} over Dubbo. The timeout bounds a call on the provider side; consumers
 * choose retries per method as the interface documents (safe for writes: they are idempotent).
 *
 * <p>Commands are validated here too: the records carry their constraints, but a provider never
 * trusts the wire. A violation crosses Dubbo as an {@link IllegalArgumentException}, a JDK type
 * every consumer can read.
 */
@DubboService(timeout = 3000)
class PromotionServiceProvider implements PromotionService {

  private final Promotions promotions;
  private final CouponClaims claims;
  private final PromotionSearch search;
  private final Validator validator;

  PromotionServiceProvider(
      Promotions promotions, CouponClaims claims, PromotionSearch search, Validator validator) {
    this.promotions = promotions;
    this.claims = claims;
    this.search = search;
    this.validator = validator;
  }

  @Override
  public Promotion create(CreatePromotion command) {
    return promotions.create(valid(command));
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
    return claims.claim(valid(command));
  }

  @Override
  public List<Coupon> couponsOf(long memberId) {
    return claims.couponsOf(memberId);
  }

  @Override
  public List<Promotion> search(String text) {
    return search.search(text);
  }

  private <T> T valid(T command) {
    if (command == null) {
      throw new IllegalArgumentException("command is required");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(command);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          violations.stream()
              .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
              .sorted()
              .collect(Collectors.joining(", ")));
    }
    return command;
  }
}
