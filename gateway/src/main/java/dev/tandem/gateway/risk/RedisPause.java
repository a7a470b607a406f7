package dev.tandem.gateway.risk;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether a decision may ask Redis at all. A failure (timeout, refused connection, {@code READONLY}
 * while Sentinel fails over) pauses Redis for {@code pause}: requests in that time go on undecided
 * at once instead of each waiting out the timeout. After the pause one request probes Redis; its
 * success ends the pause, its failure starts another. Time from a monotonic clock.
 */
final class RedisPause {

  private final long pauseNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextProbeAt = new AtomicLong();
  private final AtomicBoolean paused = new AtomicBoolean();

  RedisPause(Duration pause, LongSupplier nanoTime) {
    this.pauseNanos = pause.toNanos();
    this.nanoTime = nanoTime;
  }

  /** True when this request may ask Redis: always when not paused, once per pause otherwise. */
  boolean allowsCall() {
    if (!paused.get()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    long probeAt = nextProbeAt.get();
    return now - probeAt >= 0 && nextProbeAt.compareAndSet(probeAt, now + pauseNanos);
  }

  /** Redis answered; true when that ended a pause. */
  boolean succeeded() {
    return paused.getAndSet(false);
  }

  /** Redis failed or was too slow; true when that started a pause. */
  boolean failed() {
    nextProbeAt.set(nanoTime.getAsLong() + pauseNanos);
    return !paused.getAndSet(true);
  }
}
