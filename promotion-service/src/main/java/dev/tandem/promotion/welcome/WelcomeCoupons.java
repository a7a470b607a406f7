package dev.tandem.promotion.welcome;

import dev.tandem.member.api.MemberRegistered;
import dev.tandem.promotion.coupon.CouponRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Grants every registered member one welcome coupon. Kafka delivers {@link MemberRegistered} at
 * least once; the unique key {@code one_welcome_coupon_per_member} turns every delivery after the
 * first into a no-op. The offset is committed after the grant (ack mode {@code record}), so a crash
 * in between means one more delivery, never a lost coupon.
 */
@Component
class WelcomeCoupons {

  private static final Logger log = LoggerFactory.getLogger(WelcomeCoupons.class);

  private final CouponRepository coupons;
  private final Clock clock;

  WelcomeCoupons(CouponRepository coupons, Clock clock) {
    this.coupons = coupons;
    this.clock = clock;
  }

  @KafkaListener(topics = "${tandem.promotion.welcome.topic}")
  void on(MemberRegistered event) {
    if (event == null || event.memberId() <= 0) {
      throw new InvalidEventException("MemberRegistered without a member id: " + event);
    }
    coupons
        .grantWelcome(event.memberId(), clock.instant())
        .ifPresentOrElse(
            coupon ->
                log.info(
                    "granted welcome coupon {} to member {}", coupon.couponId(), event.memberId()),
            () -> log.debug("member {} already has a welcome coupon", event.memberId()));
  }
}
