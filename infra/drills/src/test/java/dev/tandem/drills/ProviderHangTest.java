package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** provider-hang's budget read from timelines made by hand (times in ms from the fault). */
class ProviderHangTest {

  private static final long RESUMED = 20_000;

  /** A request sent at {@code sentMs} that took {@code latencyMs}. */
  private static void sent(
      Timeline timeline, long sentMs, String kind, long latencyMs, boolean ok) {
    timeline.record(
        sentMs + latencyMs, kind, ok, ok ? "" : "degraded [\"promotions\"]", latencyMs, 200);
  }

  /** Home pages, searches and claims every 50 ms in [fromMs, toMs), each as fast as given. */
  private static void steady(Timeline timeline, long fromMs, long toMs, long latencyMs) {
    for (long t = fromMs; t < toMs; t += 50) {
      sent(
          timeline,
          t,
          List.of(Load.HOME, Load.SEARCH, Load.CLAIM).get((int) Math.floorMod(t / 50, 3)),
          latencyMs,
          true);
    }
  }

  private static Timeline before() {
    Timeline timeline = new Timeline();
    steady(timeline, -6_000, 0, 100);
    return timeline;
  }

  @Test
  void callersThatStopWaitingWithinThreeSecondsKeepTheBudget() {
    Timeline timeline = before();
    steady(timeline, 0, 2_000, 1_800); // waiting on the hung instance
    steady(timeline, 2_000, 40_000, 100);

    Verdict verdict = ProviderHang.judge(timeline, RESUMED);

    assertThat(verdict.recoveryMs()).isEqualTo(2_000);
    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.figures().get("latency_threshold_ms"))
        .isEqualTo(Map.of(Load.HOME, 600L, Load.SEARCH, 600L, Load.CLAIM, 600L));
  }

  @Test
  void callersThatWaitLongerBreakTheBudget() {
    Timeline timeline = before();
    steady(timeline, 0, 5_000, 900);
    steady(timeline, 5_000, 40_000, 100);

    Verdict verdict = ProviderHang.judge(timeline, RESUMED);

    assertThat(verdict.recoveryMs()).isEqualTo(5_000);
    assertThat(verdict.violations())
        .containsExactly(
            "callers waited on the hung instance until 5000 ms after the fault,"
                + " budget 3000 ms");
  }

  @Test
  void callersThatNeverStopWaitingHaveNoRecovery() {
    Timeline timeline = before();
    for (long t = 0; t < RESUMED; t += 100) {
      sent(timeline, t, Load.HOME, 100, true);
      sent(timeline, t + 50, Load.HOME, 1_800, true); // every other page waits
    }
    steady(timeline, RESUMED, 40_000, 100);

    Verdict verdict = ProviderHang.judge(timeline, RESUMED);

    assertThat(verdict.recoveryMs()).isEqualTo(-1);
    assertThat(verdict.violations()).singleElement().asString().contains("never stopped waiting");
  }

  @Test
  void oneStragglerASecondIsTheMachineNotTheHungInstance() {
    Timeline timeline = before();
    steady(timeline, 0, 40_000, 100);
    for (long t = 500; t < RESUMED; t += 1_000) {
      sent(timeline, t, Load.CLAIM, 1_500, true);
    }

    assertThat(ProviderHang.judge(timeline, RESUMED).recoveryMs()).isZero();
  }

  @Test
  void slowRequestsAfterTheResumeAreReportedNotCountedAsWaiting() {
    Timeline timeline = before();
    steady(timeline, 0, RESUMED, 100);
    steady(timeline, RESUMED, RESUMED + 2_000, 2_000);

    Verdict verdict = ProviderHang.judge(timeline, RESUMED);

    assertThat(verdict.recoveryMs()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Long>> p99 =
        (Map<String, Map<String, Long>>) verdict.figures().get("p99_ms");
    assertThat(p99.get("before").get("all")).isEqualTo(100);
    assertThat(p99.get("during").get("all")).isEqualTo(100);
    assertThat(p99.get("after").get("all")).isEqualTo(2_000);
  }

  @Test
  void moreThanOnePercentIncompleteHomePagesFromThreeSecondsOnBreakTheBudget() {
    Timeline timeline = before();
    steady(timeline, 0, 40_000, 100);
    sent(timeline, 1_000, Load.HOME, 100, false); // before 3 s: allowed
    sent(timeline, 3_100, Load.HOME, 100, false);
    sent(timeline, 9_000, Load.HOME, 100, false);
    sent(timeline, 30_000, Load.HOME, 100, false);

    // 247 home pages sent from 3 s on in the steady load, plus 3 degraded ones
    assertThat(ProviderHang.judge(timeline, RESUMED).violations())
        .containsExactly(
            "3 of 250 home pages sent from 3 s after the fault on were failed or degraded,"
                + " budget 1 %");
  }

  @Test
  void aFailedWriteFromThreeSecondsOnBreaksTheBudgetOneBeforeDoesNot() {
    Timeline timeline = before();
    steady(timeline, 0, 40_000, 100);
    sent(timeline, 2_000, Load.POINTS, 2_500, false); // sent before 3 s, ended after
    sent(timeline, 12_000, Load.CLAIM, 50, false);

    assertThat(ProviderHang.judge(timeline, RESUMED).violations())
        .containsExactly("1 writes sent from 3 s after the fault on failed, budget 0");
  }

  @Test
  void theThresholdIsTwiceTheP99AndAtLeastHalfASecondAboveIt() {
    assertThat(ProviderHang.threshold(100)).isEqualTo(600);
    assertThat(ProviderHang.threshold(800)).isEqualTo(1_600);
  }
}
