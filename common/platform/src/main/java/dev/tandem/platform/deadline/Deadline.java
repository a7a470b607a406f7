package dev.tandem.platform.deadline;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The moment after which nobody waits for the request being served any more: the gateway gives up
 * on it at its response timeout and tells site-service how long that leaves ({@value #HEADER}, in
 * milliseconds, measured when the request is sent, so the two clocks need not agree). Work past
 * that moment is wasted, so site-service refuses a request that arrives with no time left and caps
 * every Dubbo call at the time that remains ({@link DeadlineFilter}).
 *
 * <p>The deadline of the request a thread works on is bound to that thread with {@link #bind()};
 * code that hands work to another thread binds it there too.
 */
public final class Deadline {

  /** Milliseconds the caller still waits, as a non-negative decimal integer. */
  public static final String HEADER = "X-Request-Timeout-Ms";

  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final long atNanos;

  private Deadline(long atNanos) {
    this.atNanos = atNanos;
  }

  /** The deadline {@code millis} from now. */
  public static Deadline in(long millis) {
    return new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** The deadline of the request this thread works on, if it has one. */
  public static Optional<Deadline> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Milliseconds left, 0 once the deadline has passed. */
  public long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime()));
  }

  public boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }

  /**
   * Makes this the {@link #current()} deadline of this thread until the returned binding is closed
   * (try-with-resources), when the thread's previous one, if any, is restored.
   */
  public Binding bind() {
    Deadline outer = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    };
  }

  /** A deadline bound to a thread; closing it unbinds it. */
  @FunctionalInterface
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public String toString() {
    return "deadline in " + remainingMillis() + " ms";
  }
}
