package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTimingTest {

  @Test
  void readsEveryMetricWithADuration() {
    assertThat(
            ServerTiming.parse(
                "coupons;dur=2.5, member;dur=3.125, promotions;desc=\"ES\";dur=7, cache, total;dur=8.0"))
        .containsExactly(
            java.util.Map.entry("coupons", 2.5),
            java.util.Map.entry("member", 3.125),
            java.util.Map.entry("promotions", 7.0),
            java.util.Map.entry("total", 8.0));
  }

  @Test
  void theSlowestDependencyLeavesTheTotalOut() {
    assertThat(ServerTiming.slowestMicros("member;dur=3.125, coupons;dur=2.5, total;dur=9"))
        .isEqualTo(3125);
  }

  @Test
  void noHeaderMeansNoDependencyTiming() {
    assertThat(ServerTiming.slowestMicros(null)).isEqualTo(-1);
    assertThat(ServerTiming.slowestMicros("total;dur=4")).isEqualTo(-1);
  }
}
