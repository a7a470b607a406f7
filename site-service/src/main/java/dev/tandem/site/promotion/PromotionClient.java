package dev.tandem.site.promotion;

import static dev.tandem.site.web.ProviderCalls.call;

import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionService;
import java.util.List;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.config.annotation.Method;
import org.springframework.stereotype.Component;

/**
 * The one way into promotion-service. Same policy as {@code MemberClient}: reads fail over with 1
 * retry at 700 ms per attempt; {@code create} and {@code claim} fail over too, at 2 s per attempt,
 * because they are idempotent (key stored with the change; stock enforced in MySQL, so a retry can
 * neither claim twice nor oversell). {@code search} gets 1.5 s: the provider gives up on
 * Elasticsearch after 0.8 s and answers "search unavailable" (a 503 here), and that answer must
 * arrive before this timeout even on a busy machine (with 1 s, 2 of 24 searches in the search-hang
 * drill timed out instead, and were retried). {@code eligibleFor} gets 1 s too: it asks
 * member-service for the member's level, and that call (450 ms) plus its own retry must fit inside
 * one attempt here, since Dubbo lets a call in flight to a provider that died wait out its whole
 * timeout.
 */
@Component
public class PromotionClient {

  static final int READ_TIMEOUT_MS = 700;
  static final int SEARCH_TIMEOUT_MS = 1_500;
  static final int ELIGIBLE_TIMEOUT_MS = 1_000;
  static final int WRITE_TIMEOUT_MS = 2_000;

  // Dubbo injects its proxy into the field: the one field injection in Tandem, kept inside the
  // client so that everything else receives the client through its constructor.
  @DubboReference(
      check = false,
      cluster = "failover",
      retries = 1,
      timeout = READ_TIMEOUT_MS,
      methods = {
        @Method(name = "search", retries = 1, timeout = SEARCH_TIMEOUT_MS),
        @Method(name = "eligibleFor", retries = 1, timeout = ELIGIBLE_TIMEOUT_MS),
        @Method(name = "create", retries = 1, timeout = WRITE_TIMEOUT_MS),
        @Method(name = "claim", retries = 1, timeout = WRITE_TIMEOUT_MS)
      })
  private PromotionService promotions;

  public Promotion create(CreatePromotion command) {
    return call(() -> promotions.create(command));
  }

  public Promotion get(long promotionId) {
    return call(() -> promotions.get(promotionId));
  }

  public List<Promotion> eligibleFor(long memberId) {
    return call(() -> promotions.eligibleFor(memberId));
  }

  public Coupon claim(ClaimCoupon command) {
    return call(() -> promotions.claim(command));
  }

  public List<Coupon> couponsOf(long memberId) {
    return call(() -> promotions.couponsOf(memberId));
  }

  public List<Promotion> search(String text) {
    return call(() -> promotions.search(text));
  }
}
