package dev.tandem.drills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The budget of {@code search-hang} (issue 11): every Elasticsearch node is hung (SIGSTOP) for 20
 * s. Meanwhile each search answers, within its timeout, either results or 503 problem+json: it
 * never hangs and never fails otherwise; home pages and claims, which need no search, do not fail;
 * searches succeed again steadily at most 5 s after the nodes are resumed.
 */
final class SearchHang {

  private SearchHang() {}

  /**
   * The longest a search may take while Elasticsearch is silent: site-service gives a search 1 s
   * per attempt, the retry budget allows one retry, and the way through nginx and the gateway is
   * given 500 ms on this busy machine.
   */
  static final long ANSWER_WITHIN_MS = 2_500;

  static final long RECOVER_WITHIN_MS = 5_000;

  /** Kinds that never touch Elasticsearch and must not fail (issue 11). */
  static final List<String> UNAFFECTED = List.of(Load.HOME, Load.CLAIM);

  /** How many searches in a row, after the last failure, make a steady recovery. */
  static final int STEADY = 20;

  static Verdict judge(Timeline relative, long restoredMs) {
    List<String> violations = new ArrayList<>();
    Map<String, Object> figures = new LinkedHashMap<>();

    List<Timeline.Outcome> during = relative.sentBetween(List.of(Load.SEARCH), 0, restoredMs);
    Map<String, Integer> wrong = new TreeMap<>();
    long results = 0;
    long unavailable = 0;
    long late = 0;
    for (Timeline.Outcome search : during) {
      if (search.ok()) {
        results++;
      } else if (search.status() == 503 && !search.detail().contains(Load.NOT_PROBLEM)) {
        unavailable++;
      } else {
        wrong.merge(answer(search), 1, Integer::sum);
      }
      if (search.latencyMs() > ANSWER_WITHIN_MS) {
        late++;
      }
    }
    List<Long> latencies = during.stream().map(Timeline.Outcome::latencyMs).toList();
    Map<String, Object> searches = new LinkedHashMap<>();
    searches.put("sent", during.size());
    searches.put("results", results);
    searches.put("unavailable_503", unavailable);
    searches.put("otherwise", wrong);
    searches.put("p99_ms", Percentiles.p99(latencies));
    searches.put("max_ms", latencies.stream().mapToLong(Long::longValue).max().orElse(-1));
    figures.put("searches_during_hang", searches);
    wrong.forEach(
        (answer, count) ->
            violations.add(
                count + " searches during the hang got " + answer + ", not results or 503"));
    if (late > 0) {
      violations.add(
          late
              + " of "
              + during.size()
              + " searches during the hang took longer than "
              + ANSWER_WITHIN_MS
              + " ms (the longest "
              + searches.get("max_ms")
              + " ms)");
    }
    if (during.isEmpty()) {
      violations.add("no search was sent while Elasticsearch was hung: the load did not run");
    }

    long recovery = relative.recoveryMs(List.of(Load.SEARCH), STEADY);
    long afterResume = recovery < 0 ? -1 : Math.max(0, recovery - restoredMs);
    figures.put("search_recovered_after_resume_ms", afterResume);
    if (afterResume < 0) {
      violations.add("searches never succeeded steadily again after the resume");
    } else if (afterResume > RECOVER_WITHIN_MS) {
      violations.add(
          "searches recovered "
              + afterResume
              + " ms after the resume, budget "
              + RECOVER_WITHIN_MS
              + " ms");
    }

    Map<String, Long> failedElsewhere = new LinkedHashMap<>();
    for (String kind : Load.ALL) {
      if (!kind.equals(Load.SEARCH)) {
        failedElsewhere.put(kind, relative.failedAfterFault(List.of(kind)));
      }
    }
    figures.put("failed_after_fault_by_kind", failedElsewhere);
    for (String kind : UNAFFECTED) {
      if (failedElsewhere.get(kind) > 0) {
        violations.add(
            failedElsewhere.get(kind) + " " + kind + " requests failed after the fault, budget 0");
      }
    }
    return new Verdict(recovery, violations, figures);
  }

  /** What a wrong answer was: its status, or the exception when nothing answered. */
  private static String answer(Timeline.Outcome search) {
    if (search.status() == 0) {
      String detail = search.detail();
      return "no answer ("
          + (detail.contains(" ") ? detail.substring(0, detail.indexOf(' ')) : detail)
          + ")";
    }
    return search.status()
        + (search.detail().contains(Load.NOT_PROBLEM) ? " (" + Load.NOT_PROBLEM + ")" : "");
  }
}
