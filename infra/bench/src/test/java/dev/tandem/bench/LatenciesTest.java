package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void summarisesTheStepAndEachSecondInMilliseconds() {
    Latencies latencies = new Latencies();
    for (int i = 1; i <= 100; i++) {
      latencies.record(ms(10 * (i - 1)), ms(i)); // 1..100 ms, sent over the first second
    }
    latencies.record(ms(1_500), ms(400)); // one slow answer in the second second

    Latencies.Percentiles all = latencies.overall();
    assertThat(all.count()).isEqualTo(101);
    assertThat(all.p50()).isBetween(50.0, 51.1);
    assertThat(all.p99()).isBetween(99.0, 100.1);
    assertThat(all.max()).isBetween(399.9, 400.3);
    assertThat(latencies.seconds()).extracting(Latencies.Second::second).containsExactly(0, 1);
    assertThat(latencies.seconds().get(1).latency().count()).isEqualTo(1);
  }

  @Test
  void noDependencyTimingWhenNoPageCarriedOne() {
    Latencies latencies = new Latencies();
    assertThat(latencies.slowestDependency()).isNull();

    latencies.recordSlowestDependency(3_000);
    assertThat(latencies.slowestDependency().p50()).isBetween(2.99, 3.01);
  }

  @Test
  void aStepKeepsTheSloOnlyWithoutErrorsAndWithinP99() {
    assertThat(Steps.of("direct", "home", 100, 99.5, 120, Map.of()).keptSlo()).isTrue();
    assertThat(Steps.of("direct", "home", 100, 99.5, 260, Map.of()).miss())
        .isEqualTo("p99 260.0 ms");
    Step limited =
        Steps.of("nginx", "claim", 100, 90, 20, Map.of("429 too-many-requests", 4L, "503", 1L));
    assertThat(limited.keptSlo()).isFalse();
    assertThat(limited.rejected()).isEqualTo(4);
    assertThat(limited.errorCount()).isEqualTo(5);
    assertThat(limited.miss()).startsWith("429 (a limit, not capacity)");
  }
}
