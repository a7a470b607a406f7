package dev.tandem.drills;

import java.util.Collection;

/** Latency percentiles as the drills report them. */
final class Percentiles {

  private Percentiles() {}

  /**
   * The nearest-rank percentile: the smallest value that at least {@code percent} % of the values
   * do not exceed. It is always one of the values measured, never an interpolation; of fewer than
   * 100 values, p99 is the largest. {@code -1} when there are none.
   */
  static long of(Collection<Long> values, double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("a percentile is in (0, 100]: " + percent);
    }
    if (values.isEmpty()) {
      return -1;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  static long p99(Collection<Long> values) {
    return of(values, 99);
  }
}
