package dev.tandem.promotion.expiry;

import dev.tandem.promotion.promotion.PromotionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks promotions that have ended as EXPIRED, on the elected instance only.
 *
 * <p>Nothing depends on it for correctness: claims and eligibility compare {@code endsAt} with the
 * clock and search filters on it. The status keeps the running-promotions index small and tells
 * operators what ended. The update is idempotent, so two leaders for a moment during a handover
 * would do no harm. Observable as {@code /actuator/info} {@code expiry} and the metrics {@code
 * tandem.promotion.expiry.leader} and {@code tandem.promotion.expired}.
 */
@Component
class ExpiryJob implements InfoContributor {

  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

  private final ExpiryLeadership leadership;
  private final PromotionRepository promotions;
  private final Clock clock;
  private final Counter expired;
  private final AtomicReference<Instant> lastRun = new AtomicReference<>();

  ExpiryJob(
      ExpiryLeadership leadership,
      PromotionRepository promotions,
      Clock clock,
      MeterRegistry meters) {
    this.leadership = leadership;
    this.promotions = promotions;
    this.clock = clock;
    this.expired = meters.counter("tandem.promotion.expired");
    Gauge.builder("tandem.promotion.expiry.leader", () -> leadership.isLeader() ? 1 : 0)
        .description("1 on the instance elected to run the expiry job")
        .register(meters);
  }

  @Scheduled(fixedDelayString = "${tandem.promotion.expiry.interval}")
  void expireEnded() {
    if (!leadership.isLeader()) {
      return;
    }
    Instant now = clock.instant();
    int count = promotions.expireEndedBefore(now);
    lastRun.set(now);
    expired.increment(count);
    if (count > 0) {
      log.info("expired {} promotions that ended before {}", count, now);
    }
  }

  @Override
  public void contribute(Info.Builder info) {
    Map<String, Object> expiry = new LinkedHashMap<>();
    expiry.put("leader", leadership.isLeader());
    expiry.put("lastRun", lastRun.get());
    expiry.put("expiredTotal", (long) expired.count());
    info.withDetail("expiry", expiry);
  }
}
