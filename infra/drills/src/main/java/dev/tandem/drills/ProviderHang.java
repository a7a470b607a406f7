package dev.tandem.drills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The budget of {@code provider-hang} (issue 11): one promotion-service instance is hung (SIGSTOP,
 * its port still open) and resumed 20 s later. Within 3 s of the fault its callers stop waiting on
 * it; from then on at least 99 % of home pages are complete and no write fails.
 *
 * <p>"Stop waiting" is read from latency, by when requests were sent: a request that reaches
 * promotion-service (home page, search, claim) is slow when it took longer than {@link #threshold}
 * of what its kind took before the fault. Each second of the hang is normal when at most one of its
 * requests, or 1 % of them, was slow: of the six or so a second (the drills ask 8), one straggler
 * is the busy machine, a share is the hung instance. Callers stopped waiting at the start of the
 * first second after which every second until the resume was normal.
 */
final class ProviderHang {

  private ProviderHang() {}

  static final long STOP_WAITING_MS = 3_000;

  /** The kinds whose requests call promotion-service; points and sign-ups never reach it. */
  static final List<String> THROUGH_PROVIDER = List.of(Load.HOME, Load.SEARCH, Load.CLAIM);

  static final long WINDOW_MS = 1_000;

  /**
   * Slower than this is waiting: twice the kind's p99 before the fault, and at least 500 ms above
   * it, below the shortest timeout a caller waits on a silent provider (700 ms for a read).
   */
  static long threshold(long p99Before) {
    return Math.max(2 * p99Before, p99Before + 500);
  }

  static Verdict judge(Timeline relative, long restoredMs) {
    List<String> violations = new ArrayList<>();
    Map<String, Object> figures = new LinkedHashMap<>();

    Map<String, Long> thresholds = new LinkedHashMap<>();
    for (String kind : THROUGH_PROVIDER) {
      long p99 = p99(relative.sentBetween(List.of(kind), Long.MIN_VALUE, 0));
      if (p99 >= 0) {
        thresholds.put(kind, threshold(p99));
      }
    }
    figures.put("latency_threshold_ms", thresholds);

    List<Map<String, Object>> seconds = new ArrayList<>();
    long normalFrom = 0;
    for (long from = 0; from < restoredMs; from += WINDOW_MS) {
      List<Timeline.Outcome> sent =
          relative.sentBetween(THROUGH_PROVIDER, from, Math.min(from + WINDOW_MS, restoredMs));
      long slow =
          sent.stream()
              .filter(o -> o.latencyMs() > thresholds.getOrDefault(o.kind(), Long.MAX_VALUE))
              .count();
      if (slow > Math.max(1, sent.size() / 100)) {
        normalFrom = from + WINDOW_MS;
      }
      Map<String, Object> second = new LinkedHashMap<>();
      second.put("t_ms", from);
      second.put("sent", sent.size());
      second.put("slow", slow);
      second.put("p99_ms", p99(sent));
      seconds.add(second);
    }
    if (normalFrom >= restoredMs) {
      normalFrom = -1;
    }
    figures.put("latency_normal_ms", normalFrom);
    figures.put("during_by_second", seconds);
    if (normalFrom < 0) {
      violations.add(
          "requests through promotion-service were still slow when the hung instance was resumed:"
              + " callers never stopped waiting on it");
    } else if (normalFrom > STOP_WAITING_MS) {
      violations.add(
          "callers waited on the hung instance until "
              + normalFrom
              + " ms after the fault, budget "
              + STOP_WAITING_MS
              + " ms");
    }

    Map<String, Object> p99 = new LinkedHashMap<>();
    p99.put("before", p99ByKind(relative, Long.MIN_VALUE, 0));
    p99.put("during", p99ByKind(relative, 0, restoredMs));
    p99.put("after", p99ByKind(relative, restoredMs, Long.MAX_VALUE));
    figures.put("p99_ms", p99);

    List<Timeline.Outcome> homes =
        relative.sentBetween(List.of(Load.HOME), STOP_WAITING_MS, Long.MAX_VALUE);
    long incomplete = homes.stream().filter(o -> !o.ok()).count();
    figures.put(
        "home_pages_from_3s",
        Map.of("complete", homes.size() - incomplete, "incomplete", incomplete));
    if (incomplete * 100 > homes.size()) {
      violations.add(
          incomplete
              + " of "
              + homes.size()
              + " home pages sent from 3 s after the fault on were failed or degraded, budget 1 %");
    }
    List<Timeline.Outcome> writes =
        relative.sentBetween(Load.WRITES, STOP_WAITING_MS, Long.MAX_VALUE);
    long failedWrites = writes.stream().filter(o -> !o.ok()).count();
    figures.put(
        "writes_from_3s", Map.of("ok", writes.size() - failedWrites, "failed", failedWrites));
    if (failedWrites > 0) {
      violations.add(failedWrites + " writes sent from 3 s after the fault on failed, budget 0");
    }
    return new Verdict(normalFrom, violations, figures);
  }

  private static long p99(List<Timeline.Outcome> outcomes) {
    return Percentiles.p99(outcomes.stream().map(Timeline.Outcome::latencyMs).toList());
  }

  /** p99 latency of the requests sent in [fromMs, toMs): of all kinds, and of each. */
  static Map<String, Long> p99ByKind(Timeline relative, long fromMs, long toMs) {
    Map<String, Long> byKind = new LinkedHashMap<>();
    byKind.put("all", p99(relative.sentBetween(Load.ALL, fromMs, toMs)));
    for (String kind : Load.ALL) {
      byKind.put(kind, p99(relative.sentBetween(List.of(kind), fromMs, toMs)));
    }
    return byKind;
  }
}
