package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Waits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@link Waits#until} for waits that need more than a yes: the value that came, a message made of
 * what the last look saw instead (a server's last error), and one deadline that bounds several
 * waits in a row. The loop itself is {@code Waits.until}'s.
 */
final class Deadline {

  private final long at;

  private Deadline(long at) {
    this.at = at;
  }

  static Deadline after(Duration limit) {
    return new Deadline(System.nanoTime() + limit.toNanos());
  }

  /** One look: the awaited value, or what was seen instead of it. */
  record Seen<T>(T value, String instead) {

    static <T> Seen<T> done(T value) {
      return new Seen<>(value, null);
    }

    static <T> Seen<T> notYet(String instead) {
      return new Seen<>(null, instead);
    }
  }

  @FunctionalInterface
  interface Look<T> {
    Seen<T> look();
  }

  /**
   * Looks every {@code every} until {@code look} has its value (at least once, even past the
   * deadline); past the deadline, throws with the message {@code timedOut} makes of what the last
   * look saw.
   */
  <T> T await(Duration every, Look<T> look, Function<String, String> timedOut) {
    AtomicReference<Seen<T>> last = new AtomicReference<>();
    boolean came =
        Waits.until(
            Duration.ofNanos(at - System.nanoTime()),
            every,
            () -> {
              last.set(look.look());
              return last.get().value() != null;
            });
    if (!came) {
      throw new LauncherException(timedOut.apply(last.get().instead()));
    }
    return last.get().value();
  }
}
