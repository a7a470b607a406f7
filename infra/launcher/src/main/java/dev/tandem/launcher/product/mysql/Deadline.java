package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Waits;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one way product/mysql waits for a server: ask, and until the answer comes, pause and ask
 * again; past the deadline, fail with what was awaited and what was last seen. One deadline may
 * bound several waits in a row.
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
   * Looks every {@code every} until {@code look} has its value; past the deadline, throws with the
   * message {@code timedOut} makes of what the last look saw.
   */
  <T> T await(Duration every, Look<T> look, Function<String, String> timedOut) {
    while (true) {
      Seen<T> seen = look.look();
      if (seen.value() != null) {
        return seen.value();
      }
      if (System.nanoTime() > at) {
        throw new LauncherException(timedOut.apply(seen.instead()));
      }
      Waits.pause(every);
    }
  }
}
