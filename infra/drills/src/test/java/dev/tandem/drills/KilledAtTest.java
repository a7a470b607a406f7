package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KilledAtTest {

  @Test
  void readsTheMomentTheSignalWentOutFromTheFirstKilledLine() {
    long signalled =
        Main.epochMillis(
            "killed nginx-1 (pid 42) at 1764547200123\nkilled keepalived-1 (pid 43) at 1764547200999",
            Main.KILLED,
            "no moment: ");

    assertThat(signalled).isEqualTo(1_764_547_200_123L);
  }

  @Test
  void placesAWallClockMomentOnTheNanoTimeScale() {
    // 1.5 s before "now", whatever value nanoTime happens to have (it may be negative)
    assertThat(Main.onNanoScale(10_000L, 11_500L, 7_000_000_000L)).isEqualTo(5_500_000_000L);
    assertThat(Main.onNanoScale(10_000L, 11_500L, -1_000_000_000L)).isEqualTo(-2_500_000_000L);
    assertThat(Main.onNanoScale(11_500L, 11_500L, 42L)).as("now is now").isEqualTo(42L);
  }

  @Test
  void refusesAnAnswerWithoutTheMoment() {
    assertThatThrownBy(() -> Main.killedAt("redis-1 is not running (EXITED)"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not say when");
    assertThatThrownBy(() -> Main.stampedAt("isolated redis-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not say when");
  }
}
