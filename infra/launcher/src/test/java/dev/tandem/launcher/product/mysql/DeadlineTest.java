package dev.tandem.launcher.product.mysql;

import static dev.tandem.launcher.product.mysql.Deadline.Seen.done;
import static dev.tandem.launcher.product.mysql.Deadline.Seen.notYet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.LauncherException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void looksAgainUntilTheValueComes() {
    AtomicInteger looks = new AtomicInteger();

    String value =
        Deadline.after(Duration.ofSeconds(10))
            .await(
                Duration.ofMillis(1),
                () -> looks.incrementAndGet() < 3 ? notYet("look " + looks.get()) : done("up"),
                seen -> "never: " + seen);

    assertThat(value).isEqualTo("up");
    assertThat(looks).hasValue(3);
  }

  @Test
  void failsPastTheDeadlineWithWhatTheLastLookSaw() {
    AtomicInteger looks = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Deadline.after(Duration.ZERO)
                    .await(
                        Duration.ofMillis(1),
                        () -> notYet("refused " + looks.incrementAndGet()),
                        seen -> "db-1 does not answer: " + seen))
        .isInstanceOf(LauncherException.class)
        .hasMessage("db-1 does not answer: refused " + looks.get());
  }

  @Test
  void oneDeadlineBoundsWaitsInARow() {
    Deadline deadline = Deadline.after(Duration.ZERO);

    assertThat(deadline.await(Duration.ofMillis(1), () -> done(1), seen -> "never")).isEqualTo(1);
    assertThatThrownBy(
            () ->
                deadline.await(
                    Duration.ofMillis(1), () -> notYet("down"), seen -> "second: " + seen))
        .hasMessage("second: down");
  }
}
