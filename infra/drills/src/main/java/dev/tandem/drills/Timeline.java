package dev.tandem.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every request the load made, by when it finished relative to the fault, and what it met. The
 * record is append-only and thread-safe: load workers write, the report reads after the load ends.
 */
final class Timeline {

  /**
   * One request: when it ended (ms from the fault; negative before it), its kind, its outcome, for
   * a failure what the client met (a status and problem type, or the exception), else empty; how
   * long it took ({@link #UNTIMED} when not measured) and the HTTP status it got (0: no answer).
   */
  record Outcome(long tMs, String kind, boolean ok, String detail, long latencyMs, int status) {

    Outcome(long tMs, String kind, boolean ok, String detail) {
      this(tMs, kind, ok, detail, UNTIMED, 0);
    }

    /** When it was sent: the hang drills ask what callers met from a moment on, not what ended. */
    long startMs() {
      return latencyMs == UNTIMED ? tMs : tMs - latencyMs;
    }
  }

  static final long UNTIMED = -1;

  /** Counts per time bucket, as the report charts them. */
  record Bucket(long tMs, int ok, int failed) {}

  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

  void record(long tMs, String kind, boolean ok) {
    record(tMs, kind, ok, "");
  }

  void record(long tMs, String kind, boolean ok, String detail) {
    outcomes.add(new Outcome(tMs, kind, ok, detail));
  }

  /**
   * A request the load timed: it ended at {@code tMs} after {@code latencyMs}, with that status.
   */
  void record(long tMs, String kind, boolean ok, String detail, long latencyMs, int status) {
    outcomes.add(new Outcome(tMs, kind, ok, detail, latencyMs, status));
  }

  /** The same outcomes, with times made relative to the fault (recorded as nanoTime values). */
  Timeline relativeTo(long faultNanos) {
    Timeline relative = new Timeline();
    for (Outcome outcome : outcomes) {
      relative.record(
          Math.floorDiv(outcome.tMs() - faultNanos, 1_000_000L),
          outcome.kind(),
          outcome.ok(),
          outcome.detail(),
          outcome.latencyMs(),
          outcome.status());
    }
    return relative;
  }

  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  long ok() {
    return outcomes.stream().filter(Outcome::ok).count();
  }

  long failed() {
    return outcomes.stream().filter(o -> !o.ok()).count();
  }

  /**
   * The first {@code limit} failures in time order, as "t=MS kind: detail": why requests failed.
   */
  List<String> firstFailures(int limit) {
    return outcomes().stream()
        .filter(o -> !o.ok())
        .sorted(java.util.Comparator.comparingLong(Outcome::tMs))
        .limit(limit)
        .map(o -> "t=" + o.tMs() + " ms " + o.kind() + ": " + o.detail())
        .toList();
  }

  /** ok and failed counts per request kind. */
  java.util.Map<String, long[]> byKind() {
    java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
    for (Outcome outcome : outcomes) {
      counts.computeIfAbsent(outcome.kind(), k -> new long[2])[outcome.ok() ? 0 : 1]++;
    }
    return counts;
  }

  long failed(List<String> kinds) {
    return outcomes.stream().filter(o -> !o.ok() && kinds.contains(o.kind())).count();
  }

  /** Failures of the kinds from the fault on: what the fault may have cost. */
  long failedAfterFault(List<String> kinds) {
    return outcomes.stream()
        .filter(o -> o.tMs() >= 0 && !o.ok() && kinds.contains(o.kind()))
        .count();
  }

  /** ok and failed counts of the kinds whose requests ended in [fromMs, toMs). */
  long[] between(List<String> kinds, long fromMs, long toMs) {
    long[] counts = new long[2];
    for (Outcome outcome : outcomes) {
      if (kinds.contains(outcome.kind()) && outcome.tMs() >= fromMs && outcome.tMs() < toMs) {
        counts[outcome.ok() ? 0 : 1]++;
      }
    }
    return counts;
  }

  /** The timed requests of the kinds sent in [fromMs, toMs), in the order they were sent. */
  List<Outcome> sentBetween(List<String> kinds, long fromMs, long toMs) {
    return outcomes.stream()
        .filter(o -> o.latencyMs() != UNTIMED && kinds.contains(o.kind()))
        .filter(o -> o.startMs() >= fromMs && o.startMs() < toMs)
        .sorted(java.util.Comparator.comparingLong(Outcome::startMs))
        .toList();
  }

  List<Bucket> buckets(long widthMs) {
    List<Outcome> all = outcomes();
    if (all.isEmpty()) {
      return List.of();
    }
    long first =
        Math.floorDiv(all.stream().mapToLong(Outcome::tMs).min().orElseThrow(), widthMs) * widthMs;
    long last = all.stream().mapToLong(Outcome::tMs).max().orElseThrow();
    List<Bucket> buckets = new ArrayList<>();
    for (long start = first; start <= last; start += widthMs) {
      long from = start;
      int ok =
          (int)
              all.stream()
                  .filter(o -> o.ok() && o.tMs() >= from && o.tMs() < from + widthMs)
                  .count();
      int failed =
          (int)
              all.stream()
                  .filter(o -> !o.ok() && o.tMs() >= from && o.tMs() < from + widthMs)
                  .count();
      buckets.add(new Bucket(start, ok, failed));
    }
    return buckets;
  }

  /**
   * Milliseconds from the fault until requests of the affected kinds succeed again steadily: the
   * moment the last of them that failed after the fault was sent (0 if before the fault), provided
   * enough of them sent later succeeded to call it steady; {@code -1} when they never did. When a
   * failed request was sent, not when its client gave up: one sent 5.4 s after a fault that timed
   * out 5 s later says the chain had not recovered at 5.4 s, not that it had not at 10.4 s (a
   * mysql-primary-partition run measured 10.4 s so, where requests sent from 5.5 s on succeeded).
   */
  long recoveryMs(List<String> kinds, int steadySuccesses) {
    List<Outcome> affected =
        outcomes().stream().filter(o -> o.tMs() >= 0 && kinds.contains(o.kind())).toList();
    long lastFailure =
        affected.stream()
            .filter(o -> !o.ok())
            .mapToLong(o -> Math.max(0, o.startMs()))
            .max()
            .orElse(0);
    long successesAfter =
        affected.stream().filter(o -> o.ok() && o.startMs() > lastFailure).count();
    return successesAfter >= steadySuccesses ? lastFailure : -1;
  }
}
