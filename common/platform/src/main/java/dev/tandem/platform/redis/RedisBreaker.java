package dev.tandem.platform.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides whether a call may go to Redis at all, for callers that have something else to do without
 * it (member-service's cache reads MySQL; the gateway's risk control decides alone). One failure (a
 * timeout, a refused connection, {@code READONLY} or {@code NOREPLICAS} while Sentinel fails over)
 * opens the breaker: for {@code pause} every call skips Redis, so a Redis failover costs each call
 * nothing instead of a timeout. When the pause is over exactly one call is let through as a probe;
 * its success closes the breaker, its failure starts another pause. A probe that never reports
 * holds Redis off for one more pause, not for ever.
 *
 * <p>Time comes from {@code nanoTime} (monotonic; tests pass their own).
 */
public final class RedisBreaker {

  private final long pauseNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextProbeAt = new AtomicLong();
  private final AtomicBoolean open = new AtomicBoolean();

  public RedisBreaker(Duration pause, LongSupplier nanoTime) {
    this.pauseNanos = pause.toNanos();
    this.nanoTime = nanoTime;
  }

  /** True when the call may use Redis: always while closed, once per pause (the probe) if open. */
  public boolean allowsCall() {
    if (!open.get()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    long probeAt = nextProbeAt.get();
    return now - probeAt >= 0 && nextProbeAt.compareAndSet(probeAt, now + pauseNanos);
  }

  /** Redis answered. Returns true when that closed the breaker. */
  public boolean succeeded() {
    return open.getAndSet(false);
  }

  /** Redis failed or was too slow. Returns true when that opened the breaker. */
  public boolean failed() {
    nextProbeAt.set(nanoTime.getAsLong() + pauseNanos);
    return !open.getAndSet(true);
  }

  public boolean isOpen() {
    return open.get();
  }
}
