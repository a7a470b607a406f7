package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** search-hang's budget read from timelines made by hand (times in ms from the fault). */
class SearchHangTest {

  private static final long RESUMED = 20_000;
  private static final String UNAVAILABLE =
      "503 https://tandem.dev/problems/service-unavailable a service we depend on is unavailable";

  private static void sent(
      Timeline timeline, long sentMs, String kind, long latencyMs, int status, String detail) {
    timeline.record(sentMs + latencyMs, kind, status == 200, detail, latencyMs, status);
  }

  /** Home pages and claims that all succeed, searches as given until they recover. */
  private static Timeline hang(long searchesRecoverAtMs, int status, String detail, long latency) {
    Timeline timeline = new Timeline();
    for (long t = -6_000; t < 50_000; t += 100) {
      sent(timeline, t, Load.HOME, 80, 200, "");
      sent(timeline, t + 30, Load.CLAIM, 120, 200, "");
      boolean hung = t >= 0 && t < searchesRecoverAtMs;
      sent(
          timeline,
          t + 60,
          Load.SEARCH,
          hung ? latency : 90,
          hung ? status : 200,
          hung ? detail : "");
    }
    return timeline;
  }

  @Test
  void searchesThatAnswer503AtOnceAndRecoverSoonKeepTheBudget() {
    Timeline timeline = hang(RESUMED + 1_000, 503, UNAVAILABLE, 40);

    Verdict verdict = SearchHang.judge(timeline, RESUMED);

    assertThat(verdict.violations()).isEmpty();
    // the last 503 was sent at 20 960 ms (and took 40): recovery counts from when it was sent
    assertThat(verdict.figures().get("search_recovered_after_resume_ms")).isEqualTo(960L);
    assertThat(verdict.recoveryMs()).isEqualTo(20_960);
    @SuppressWarnings("unchecked")
    Map<String, Object> searches =
        (Map<String, Object>) verdict.figures().get("searches_during_hang");
    assertThat(searches).containsEntry("sent", 200).containsEntry("unavailable_503", 200L);
  }

  @Test
  void aGatewayTimeoutIsNotTheAnswerASilentSearchOwes() {
    Timeline timeline =
        hang(RESUMED, 504, "504 https://tandem.dev/problems/gateway-timeout slow", 1_200);

    assertThat(SearchHang.judge(timeline, RESUMED).violations())
        .containsExactly("200 searches during the hang got 504, not results or 503");
  }

  @Test
  void a503ThatIsNotProblemJsonIsNotTheAnswerEither() {
    Timeline timeline = hang(RESUMED, 503, "503 " + Load.NOT_PROBLEM + " (text/html) <html>", 10);

    assertThat(SearchHang.judge(timeline, RESUMED).violations())
        .containsExactly(
            "200 searches during the hang got 503 (not problem+json), not results or 503");
  }

  @Test
  void searchesThatHangUntilTheClientGivesUpBreakTheBudgetTwice() {
    Timeline timeline = hang(RESUMED, 0, "HttpTimeoutException request timed out", 5_000);

    assertThat(SearchHang.judge(timeline, RESUMED).violations())
        .containsExactly(
            "200 searches during the hang got no answer (HttpTimeoutException), not results or"
                + " 503",
            "200 of 200 searches during the hang took longer than 2500 ms (the longest 5000 ms)");
  }

  @Test
  void searchesThatRecoverLateBreakTheBudget() {
    Timeline timeline = hang(RESUMED + 8_000, 503, UNAVAILABLE, 40);

    assertThat(SearchHang.judge(timeline, RESUMED).violations())
        .containsExactly("searches recovered 7960 ms after the resume, budget 5000 ms");
  }

  @Test
  void aFailedHomePageBreaksTheBudgetAFailedSignUpIsReported() {
    Timeline timeline = hang(RESUMED, 503, UNAVAILABLE, 40);
    timeline.record(5_800, Load.HOME, false, "degraded [\"promotions\"]", 1_800, 200);
    timeline.record(5_000, Load.REGISTER, false, "503 x", 30, 503);

    Verdict verdict = SearchHang.judge(timeline, RESUMED);

    assertThat(verdict.violations())
        .containsExactly("1 home requests failed after the fault, budget 0");
    assertThat(verdict.figures().get("failed_after_fault_by_kind"))
        .isEqualTo(Map.of(Load.HOME, 1L, Load.REGISTER, 1L, Load.POINTS, 0L, Load.CLAIM, 0L));
  }
}
