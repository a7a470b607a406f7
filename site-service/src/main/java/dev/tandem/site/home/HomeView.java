package dev.tandem.site.home;

import dev.tandem.site.coupon.CouponView;
import dev.tandem.site.member.MemberView;
import dev.tandem.site.promotion.PromotionView;
import java.util.List;

/**
 * A member's home page. A section that failed or missed its budget is named in {@code degraded};
 * its value is then {@code null} (member) or empty (lists), and the client shows it as unavailable
 * rather than as "none".
 */
record HomeView(
    MemberView member,
    List<PromotionView> promotions,
    List<CouponView> coupons,
    List<String> degraded) {}
