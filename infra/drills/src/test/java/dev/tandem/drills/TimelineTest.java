package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void recoveryEndsWithTheLastFailureOfTheAffectedKindAfterTheFault() {
    Timeline timeline = new Timeline();
    timeline.record(-300, "claim", false); // before the fault: not the fault's doing
    timeline.record(100, "claim", false);
    timeline.record(2_400, "claim", false);
    timeline.record(2_450, "home", false); // another kind does not move recovery
    for (int t = 2_500; t < 3_000; t += 50) {
      timeline.record(t, "claim", true);
    }

    assertThat(timeline.recoveryMs(List.of("claim"), 5)).isEqualTo(2_400);
  }

  @Test
  void recoveryIsWhenTheLastFailedRequestWasSentNotWhenItsClientGaveUp() {
    Timeline timeline = new Timeline();
    // sent 5.4 s after the fault, timed out 5 s later
    timeline.record(10_400, "claim", false, "HttpTimeoutException", 5_000, 0);
    // sent from 5.5 s on, answered
    for (int sent = 5_500; sent < 6_500; sent += 100) {
      timeline.record(sent + 300, "claim", true, "", 300, 201);
    }
    // sent before the fault, failed after it: recovery cannot start before the fault
    timeline.record(1_000, "home", false, "HttpTimeoutException", 5_000, 0);
    for (int sent = 100; sent < 1_100; sent += 100) {
      timeline.record(sent + 50, "home", true, "", 50, 200);
    }

    assertThat(timeline.recoveryMs(List.of("claim"), 5)).isEqualTo(5_400);
    assertThat(timeline.recoveryMs(List.of("home"), 5)).isZero();
  }

  @Test
  void aFaultThatCostNothingRecoversAtOnce() {
    Timeline timeline = new Timeline();
    for (int t = -1_000; t < 1_000; t += 100) {
      timeline.record(t, "search", true);
    }

    assertThat(timeline.recoveryMs(List.of("search"), 5)).isZero();
  }

  @Test
  void requestsThatNeverSucceedAgainHaveNoRecovery() {
    Timeline timeline = new Timeline();
    timeline.record(100, "claim", true);
    timeline.record(200, "claim", false);
    timeline.record(300, "claim", true);

    assertThat(timeline.recoveryMs(List.of("claim"), 5)).isEqualTo(-1);
  }

  @Test
  void bucketsCountOutcomesPerInterval() {
    Timeline timeline = new Timeline();
    timeline.record(-10, "home", true);
    timeline.record(10, "home", true);
    timeline.record(20, "home", false);
    timeline.record(600, "home", true);

    assertThat(timeline.buckets(500))
        .containsExactly(
            new Timeline.Bucket(-500, 1, 0),
            new Timeline.Bucket(0, 1, 1),
            new Timeline.Bucket(500, 1, 0));
  }

  @Test
  void theReportSaysWhatTheFirstFailuresMetInTimeOrderAndKeepsThatAcrossTheShift() {
    Timeline timeline = new Timeline();
    timeline.record(3_000_000_000L, "home", false, "degraded [\"member\"]");
    timeline.record(2_000_000_000L, "points", false, "503 urn:tandem:problem:unavailable");
    timeline.record(2_500_000_000L, "points", true);
    timeline.record(4_000_000_000L, "claim", false, "HttpTimeoutException request timed out");

    Timeline relative = timeline.relativeTo(1_000_000_000L);

    assertThat(relative.firstFailures(2))
        .containsExactly(
            "t=1000 ms points: 503 urn:tandem:problem:unavailable",
            "t=2000 ms home: degraded [\"member\"]");
  }

  @Test
  void requestsAreFoundByWhenTheyWereSentWhichTheShiftKeeps() {
    Timeline timeline = new Timeline();
    // ended 1.5 s after the fault but sent 0.5 s before it
    timeline.record(3_500_000_000L, "home", false, "degraded", 2_000, 200);
    timeline.record(3_600_000_000L, "home", true, "", 100, 200);
    timeline.record(3_700_000_000L, "claim", true, "", 100, 201);
    timeline.record(3_800_000_000L, "home", true); // untimed: never found by when it was sent

    Timeline relative = timeline.relativeTo(2_000_000_000L);

    assertThat(relative.sentBetween(List.of("home"), -1_000, 0))
        .extracting(Timeline.Outcome::startMs, Timeline.Outcome::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(-500L, 200));
    assertThat(relative.sentBetween(List.of("home", "claim"), 0, Long.MAX_VALUE))
        .extracting(Timeline.Outcome::kind)
        .containsExactly("home", "claim");
  }
}
