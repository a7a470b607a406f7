package dev.tandem.drills;

import java.util.List;
import java.util.Map;

/**
 * Something a drill watches besides the users' requests: it samples from before the fault until the
 * load ends, and may check the cluster once the fault is undone. What it finds goes into the
 * report: violations fail the drill, findings are figures.
 */
interface Watch extends AutoCloseable {

  /** Starts sampling (before the fault). */
  default void start() {}

  /** The fault was undone at this {@code System.nanoTime()}: check what should follow. */
  default void restored(long nanos) throws InterruptedException {}

  List<String> violations();

  Map<String, Object> findings();

  /** Stops sampling. */
  @Override
  default void close() {}
}
