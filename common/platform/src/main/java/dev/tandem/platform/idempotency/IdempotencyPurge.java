package dev.tandem.platform.idempotency;

import java.time.Clock;
import java.time.Instant;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes keys older than the retention, on every instance: each batch is a short statement of its
 * own, and instances purging at the same moment delete the same rows, so no election is needed. A
 * failed run (a shard down) is logged and the next run catches up.
 */
public class IdempotencyPurge {

  // Spring's logging facade: the platform does not depend on SLF4J, whose binding a service picks.
  private static final Log log = LogFactory.getLog(IdempotencyPurge.class);

  private final IdempotencyStore store;
  private final IdempotencySettings settings;
  private final Clock clock;

  public IdempotencyPurge(IdempotencyStore store, IdempotencySettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${tandem.idempotency.purge-interval:5m}",
      fixedDelayString = "${tandem.idempotency.purge-interval:5m}")
  void purgeOnSchedule() {
    try {
      int deleted = purgeExpired();
      if (deleted > 0) {
        log.info("purged " + deleted + " idempotency rows older than " + settings.retention());
      }
    } catch (RuntimeException e) {
      log.warn("idempotency purge failed, retrying next run: " + e);
    }
  }

  /** One run: batches until one deletes nothing, at most {@code purgeBatchesPerRun}. */
  int purgeExpired() {
    Instant cutoff = clock.instant().minus(settings.retention());
    int total = 0;
    for (int batch = 0; batch < settings.purgeBatchesPerRun(); batch++) {
      int deleted = store.purgeCreatedBefore(cutoff, settings.purgeBatchSize());
      total += deleted;
      if (deleted == 0) {
        break;
      }
    }
    return total;
  }
}
