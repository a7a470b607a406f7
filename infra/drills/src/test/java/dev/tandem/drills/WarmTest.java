package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmTest {

  private static Timeline.Outcome answered(long latencyMs) {
    return new Timeline.Outcome(0, Load.HOME, true, "", latencyMs, 200);
  }

  @Test
  void aRoundWithoutFailuresAndQuickAnswersIsWarm() {
    List<Timeline.Outcome> round = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      round.add(answered(80));
    }
    // one slow answer in twenty is the 5 % the p95 forgives
    round.add(answered(4_000));

    assertThat(Warm.enough(round, 1_000)).isTrue();
    assertThat(Warm.describe(round)).isEqualTo("20 requests, 0 failed, p95 80 ms");
  }

  @Test
  void oneFailureOrSlowAnswersAreNotWarmYet() {
    List<Timeline.Outcome> failing =
        List.of(
            answered(80),
            new Timeline.Outcome(0, Load.HOME, false, "HttpTimeoutException", 5_000, 0));
    List<Timeline.Outcome> slow = List.of(answered(80), answered(1_500), answered(2_000));

    assertThat(Warm.enough(failing, 1_000)).isFalse();
    assertThat(Warm.describe(failing)).isEqualTo("2 requests, 1 failed, p95 5000 ms");
    assertThat(Warm.enough(slow, 1_000)).isFalse();
  }

  @Test
  void aRoundThatSentNothingIsNotWarm() {
    assertThat(Warm.enough(List.of(), 1_000)).isFalse();
    assertThat(Warm.describe(List.of())).isEqualTo("0 requests, 0 failed, p95 -");
  }
}
