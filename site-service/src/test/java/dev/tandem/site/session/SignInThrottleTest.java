package dev.tandem.site.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final Duration WINDOW = Duration.ofMinutes(15);

  final SignInThrottle throttle = new SignInThrottle(3, 5, WINDOW, 1000);

  @Test
  void refusesAnAccountAfterItsFailuresUntilTheWindowEnds() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.refusal("ada@x", "10.0.0.1", T0)).isEmpty();
      throttle.failed("ada@x", "10.0.0.1", T0);
    }

    assertThat(throttle.refusal("ada@x", "10.0.0.2", T0.plusSeconds(60)))
        .contains(WINDOW.minusSeconds(60));
    assertThat(throttle.refusal("grace@x", "10.0.0.2", T0.plusSeconds(60))).isEmpty();
    assertThat(throttle.refusal("ada@x", "10.0.0.2", T0.plus(WINDOW))).isEmpty();
  }

  @Test
  void refusesAnAddressThatFailsForManyAccounts() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("member" + i + "@x", "10.0.0.9", T0);
    }

    assertThat(throttle.refusal("someone-new@x", "10.0.0.9", T0.plusMillis(500)))
        .contains(Duration.ofSeconds(WINDOW.toSeconds()));
    assertThat(throttle.refusal("someone-new@x", "10.0.0.8", T0)).isEmpty();
  }

  @Test
  void aSuccessClearsTheAccountsCount() {
    throttle.failed("ada@x", "10.0.0.1", T0);
    throttle.failed("ada@x", "10.0.0.1", T0);
    throttle.succeeded("ada@x");
    throttle.failed("ada@x", "10.0.0.1", T0);

    assertThat(throttle.refusal("ada@x", "10.0.0.1", T0)).isEmpty();
  }

  @Test
  void forgetsEndedWindowsWhenFull() {
    SignInThrottle small = new SignInThrottle(3, 100, WINDOW, 2);
    small.failed("a@x", "1", T0);
    small.failed("b@x", "1", T0);
    small.failed("c@x", "2", T0.plus(WINDOW));

    assertThat(small.refusal("c@x", "2", T0.plus(WINDOW))).isEmpty();
  }
}
