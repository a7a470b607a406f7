package dev.tandem.launcher.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Platform threads for the concurrent waits of quick commands ({@code status}, a probe, a look at
 * supervisord). A virtual thread blocked on a socket hands it to the JDK's poller, a thread that
 * waits in native code until the JVM exits; the exit waits up to 300 ms for such threads, which was
 * a sixth of {@code status}. These waits are few and short, so a thread each costs nothing.
 */
final class Threads {

  private Threads() {}

  /** One daemon platform thread per task. */
  static ExecutorService perTask() {
    return Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());
  }

  /** Starts the task on a daemon platform thread of its own. */
  static Thread start(Runnable task) {
    return Thread.ofPlatform().daemon().start(task);
  }
}
