package dev.tandem.platform.outlier;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which provider addresses to avoid: the state behind {@link OutlierFilter} (which reports how each
 * call ended) and {@link OutlierRouter} (which leaves avoided addresses out of the choice).
 *
 * <p>An address is ejected after {@link #CONSECUTIVE_FAILURES} unanswered calls in a row (timeouts
 * or a broken connection; any answer, an error named by the API included, resets the count). An
 * ejection lasts {@link #FIRST_EJECTION}, doubling each time the address fails again, up to {@link
 * #LONGEST_EJECTION}. When it ends the address is on probation: it may take one call at a time, and
 * the first answer brings it fully back (a hung provider that got SIGCONT rejoins within the
 * longest ejection). Keyed by address, not by service or method: a hung process answers none of
 * them, and a slow method (search waiting on Elasticsearch) does not eject a provider whose other
 * methods keep answering, because those answers reset the count.
 *
 * <p>Avoiding an address is never the same as having none: {@link OutlierRouter} offers every
 * address when all of them are avoided (a guess beats failing at once), so the last provider is
 * never ejected.
 */
public final class Outliers {

  static final int CONSECUTIVE_FAILURES = 3;
  static final Duration FIRST_EJECTION = Duration.ofSeconds(1);
  static final Duration LONGEST_EJECTION = Duration.ofSeconds(5);

  /**
   * A probe whose end was never reported (lost on a path that reports nothing) stops holding its
   * address after this: longer than any call's timeout, so a slow probe is not doubled.
   */
  static final Duration PROBE_FORGOTTEN = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(Outliers.class);
  private static final Outliers SHARED = new Outliers(System::nanoTime);

  private final Map<String, Health> addresses = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;

  Outliers(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * The one instance per JVM: Dubbo creates filters and routers through its own SPI, and a hung
   * address is hung for every reference that calls it.
   */
  public static Outliers shared() {
    return SHARED;
  }

  /**
   * Whether calls should not go to this address now (ejected, or on probation with a probe out).
   */
  public boolean avoids(String address) {
    Health health = addresses.get(address);
    return health != null && health.avoided(nanoClock.getAsLong());
  }

  /** Whether the address is ejected or on probation: it has not answered since it was ejected. */
  public boolean ejected(String address) {
    Health health = addresses.get(address);
    return health != null && health.ejected();
  }

  /**
   * A call is about to go to this address. On probation it becomes the probe, and the address takes
   * no other call until the probe ends.
   *
   * @return whether this call is the probe
   */
  public boolean sending(String address) {
    Health health = addresses.get(address);
    return health != null && health.sending(nanoClock.getAsLong());
  }

  /** The address answered (whatever the answer): it is healthy. */
  public void answered(String address) {
    Health health = addresses.get(address);
    if (health != null && health.answered()) {
      log.info("provider {} answers again: back in the choice", address);
    }
  }

  /** A call to the address got no answer (timed out, or its connection failed). */
  public void unanswered(String address) {
    long now = nanoClock.getAsLong();
    Duration ejected = addresses.computeIfAbsent(address, any -> new Health()).unanswered(now);
    if (ejected != null) {
      log.warn(
          "provider {} left unanswered {}+ calls in a row: avoided for {} ms, then probed",
          address,
          CONSECUTIVE_FAILURES,
          ejected.toMillis());
    }
  }

  /** One address's record. Synchronized: a handful of calls per address at a time. */
  private static final class Health {
    private int failuresInARow;
    private int ejections;
    private long ejectedUntil;
    private boolean probation;
    private boolean probeOut;
    private long probeSentAt;

    synchronized boolean avoided(long now) {
      if (ejections == 0) {
        return false;
      }
      if (now - ejectedUntil < 0) {
        return true;
      }
      probation = true;
      return probeOut && now - probeSentAt < PROBE_FORGOTTEN.toNanos();
    }

    synchronized boolean ejected() {
      return ejections > 0;
    }

    synchronized boolean sending(long now) {
      if (ejections > 0 && now - ejectedUntil >= 0) {
        probation = true;
        probeOut = true;
        probeSentAt = now;
        return true;
      }
      return false;
    }

    /** Whether this ended an ejection. */
    synchronized boolean answered() {
      boolean wasEjected = ejections > 0;
      failuresInARow = 0;
      ejections = 0;
      probation = false;
      probeOut = false;
      return wasEjected;
    }

    /** How long the address is now ejected for, or null when it is not (newly) ejected. */
    synchronized Duration unanswered(long now) {
      failuresInARow++;
      boolean failedProbe = probation && now - ejectedUntil >= 0;
      boolean ejectedNow = ejections > 0 && now - ejectedUntil < 0;
      if (ejectedNow || (!failedProbe && failuresInARow < CONSECUTIVE_FAILURES)) {
        // Still ejected (calls sent before the ejection time out one by one), or not yet enough.
        return null;
      }
      ejections++;
      Duration ejection = FIRST_EJECTION.multipliedBy(1L << Math.min(ejections - 1, 10));
      if (ejection.compareTo(LONGEST_EJECTION) > 0) {
        ejection = LONGEST_EJECTION;
      }
      ejectedUntil = now + ejection.toNanos();
      probation = false;
      probeOut = false;
      return ejection;
    }
  }
}
