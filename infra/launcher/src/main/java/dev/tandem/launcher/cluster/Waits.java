package dev.tandem.launcher.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The one place that pauses between polls, and the one loop that polls until a deadline. */
public final class Waits {

  private Waits() {}

  public static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException("interrupted");
    }
  }

  /**
   * Asks {@code condition} every {@code interval} until it holds or {@code limit} has passed; asks
   * at least once.
   *
   * @return whether it held
   */
  public static boolean until(Duration limit, Duration interval, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(interval);
    }
    return true;
  }
}
