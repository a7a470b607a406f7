package dev.tandem.drills;

import java.util.List;

/** Whether a round of warming up found the chain steady: no failure, and answers in good time. */
final class Warm {

  private Warm() {}

  /** No failure, and 95 % of the timed requests answered within {@code latencyMs}. */
  static boolean enough(List<Timeline.Outcome> round, long latencyMs) {
    if (round.isEmpty() || round.stream().anyMatch(outcome -> !outcome.ok())) {
      return false;
    }
    return p95(round) <= latencyMs;
  }

  /** "N requests, F failed, p95 L ms" for the drill's output. */
  static String describe(List<Timeline.Outcome> round) {
    long failed = round.stream().filter(outcome -> !outcome.ok()).count();
    long p95 = p95(round);
    return round.size() + " requests, " + failed + " failed, p95 " + (p95 < 0 ? "-" : p95 + " ms");
  }

  /** The 95th percentile of the timed requests' latencies; -1 when none was timed. */
  private static long p95(List<Timeline.Outcome> round) {
    return Percentiles.of(
        round.stream()
            .map(Timeline.Outcome::latencyMs)
            .filter(latency -> latency != Timeline.UNTIMED)
            .toList(),
        95);
  }
}
