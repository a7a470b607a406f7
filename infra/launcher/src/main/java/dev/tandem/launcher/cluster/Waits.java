package dev.tandem.launcher.cluster;

import java.time.Duration;

/** The one place that pauses between polls. */
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
}
