package dev.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one step's answers took, in microseconds from each request's intended send time: the whole
 * step's histogram, one per second of the step (for the report's percentiles over time), and the
 * slowest dependency call that site-service reported for each home page. Recorded from the HTTP
 * client's threads, read once the step is over.
 */
final class Latencies {

  /** Anything slower than a minute is recorded as a minute: no step lasts that long. */
  static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final Histogram all = histogram();
  private final Histogram slowestDependency = histogram();
  private final Map<Integer, Histogram> bySecond = new TreeMap<>();

  static Histogram histogram() {
    return new Histogram(1, HIGHEST_MICROS, 3);
  }

  synchronized void record(long intendedOffsetNanos, long latencyNanos) {
    long micros = clamp(TimeUnit.NANOSECONDS.toMicros(latencyNanos));
    all.recordValue(micros);
    bySecond
        .computeIfAbsent((int) (intendedOffsetNanos / 1_000_000_000L), s -> histogram())
        .recordValue(micros);
  }

  synchronized void recordSlowestDependency(long micros) {
    slowestDependency.recordValue(clamp(micros));
  }

  private static long clamp(long micros) {
    return Math.max(1, Math.min(HIGHEST_MICROS, micros));
  }

  synchronized Percentiles overall() {
    return Percentiles.of(all);
  }

  /** Null when no answer carried a dependency timing. */
  synchronized Percentiles slowestDependency() {
    return slowestDependency.getTotalCount() == 0 ? null : Percentiles.of(slowestDependency);
  }

  synchronized List<Second> seconds() {
    List<Second> seconds = new ArrayList<>();
    bySecond.forEach((second, h) -> seconds.add(new Second(second, Percentiles.of(h))));
    return seconds;
  }

  /** One second of a step, counted from the step's first intended send. */
  record Second(int second, Percentiles latency) {}

  /** A histogram's summary in milliseconds. */
  record Percentiles(long count, double p50, double p90, double p99, double max) {

    static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    static Percentiles of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return NONE;
      }
      return new Percentiles(
          h.getTotalCount(),
          millis(h.getValueAtPercentile(50)),
          millis(h.getValueAtPercentile(90)),
          millis(h.getValueAtPercentile(99)),
          millis(h.getMaxValue()));
    }

    private static double millis(long micros) {
      return Math.round(micros / 10.0) / 100.0;
    }
  }
}
