package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KilledAtTest {

  @Test
  void measuresTheFaultFromWhenTheSignalWentOut() {
    long signalled = System.currentTimeMillis() - 1_500;
    long before = System.nanoTime();

    long fault = Main.killedAt("killed nginx-1 (pid 42) at " + signalled + "\nkilled keepalived-1");

    Duration ago = Duration.ofNanos(before - fault);
    assertThat(ago).isBetween(Duration.ofMillis(1_300), Duration.ofMillis(1_700));
  }

  @Test
  void refusesAnAnswerWithoutTheMoment() {
    assertThatThrownBy(() -> Main.killedAt("redis-1 is not running (EXITED)"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not say when");
  }
}
