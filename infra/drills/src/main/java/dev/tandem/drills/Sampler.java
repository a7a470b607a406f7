package dev.tandem.drills;

import java.time.Duration;

/** Runs one sample every period on a virtual thread until closed; bounded by the drill's length. */
final class Sampler implements AutoCloseable {

  private final Thread thread;
  private volatile boolean running = true;

  Sampler(String name, Duration period, Duration longest, Runnable sample) {
    long deadline = System.nanoTime() + longest.toNanos();
    this.thread =
        Thread.ofVirtual()
            .name(name)
            .start(
                () -> {
                  long next = System.nanoTime();
                  while (running && System.nanoTime() < deadline) {
                    sample.run();
                    next += period.toNanos();
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                      try {
                        Thread.sleep(Duration.ofNanos(wait));
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }
                });
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
