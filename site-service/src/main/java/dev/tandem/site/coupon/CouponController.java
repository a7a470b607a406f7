package dev.tandem.site.coupon;

import dev.tandem.site.promotion.PromotionClient;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A member's coupons: they live in promotion-service, but the API files them under the member. */
@RestController
class CouponController {

  private final PromotionClient promotions;

  CouponController(PromotionClient promotions) {
    this.promotions = promotions;
  }

  @GetMapping("/api/members/{id}/coupons")
  List<CouponView> couponsOf(@PathVariable long id) {
    return promotions.couponsOf(id).stream().map(CouponView::of).toList();
  }
}
