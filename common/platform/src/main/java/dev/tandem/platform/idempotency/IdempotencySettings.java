package dev.tandem.platform.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long keys are kept, and how they are purged.
 *
 * @param retention how long a key is remembered: a retry within it replays, another request under
 *     it is refused. Keys are deleted by the purge after that, so a key lives between {@code
 *     retention} and {@code retention + purgeInterval}; afterwards it may be used again.
 * @param purgeInterval how often each instance purges expired keys
 * @param purgeBatchSize rows deleted per statement (per table and shard): short transactions that
 *     never hold many locks
 * @param purgeBatchesPerRun at most this many batches per run, so one run stays short even after a
 *     long outage; the next run takes the rest
 */
@ConfigurationProperties("tandem.idempotency")
public record IdempotencySettings(
    @DefaultValue("24h") Duration retention,
    @DefaultValue("5m") Duration purgeInterval,
    @DefaultValue("500") int purgeBatchSize,
    @DefaultValue("100") int purgeBatchesPerRun) {

  public IdempotencySettings {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("tandem.idempotency.retention must be positive");
    }
    if (purgeInterval.isNegative() || purgeInterval.isZero()) {
      throw new IllegalArgumentException("tandem.idempotency.purge-interval must be positive");
    }
    if (purgeBatchSize < 1 || purgeBatchesPerRun < 1) {
      throw new IllegalArgumentException(
          "tandem.idempotency.purge-batch-size and purge-batches-per-run must be at least 1");
    }
  }
}
