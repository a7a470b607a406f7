package dev.tandem.launcher;

import java.time.Duration;

/** The one place that pauses between polls. */
final class Waits {

  private Waits() {}

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException("interrupted");
    }
  }
}
