package dev.tandem.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedisBreakerTest {

  private static final Duration PAUSE = Duration.ofSeconds(1);

  private final AtomicLong now = new AtomicLong(123_456_789L);
  private final RedisBreaker breaker = new RedisBreaker(PAUSE, now::get);

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void letsEveryCallThroughWhileRedisAnswers() {
    breaker.succeeded();

    assertThat(IntStream.range(0, 100).allMatch(call -> breaker.allowsCall())).isTrue();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void skipsRedisAfterAFailureUntilTheProbeSucceeds() {
    breaker.failed();

    assertThat(breaker.allowsCall()).as("right after the failure").isFalse();
    advance(PAUSE.minusMillis(1));
    assertThat(breaker.allowsCall()).as("just before the pause is over").isFalse();
    advance(Duration.ofMillis(1));
    assertThat(breaker.allowsCall()).as("the probe").isTrue();
    assertThat(breaker.allowsCall()).as("while the probe runs").isFalse();

    breaker.succeeded();

    assertThat(breaker.allowsCall()).as("after the probe succeeded").isTrue();
    assertThat(breaker.allowsCall()).isTrue();
  }

  @Test
  void letsExactlyOneOfManyWaitingCallsProbe() {
    breaker.failed();
    advance(PAUSE);

    long probes = IntStream.range(0, 1_000).parallel().filter(call -> breaker.allowsCall()).count();

    assertThat(probes).isOne();
  }

  @Test
  void aFailedProbeSkipsRedisForAnotherPause() {
    breaker.failed();
    advance(PAUSE.plusMillis(300));
    assertThat(breaker.allowsCall()).as("the probe").isTrue();

    breaker.failed();

    advance(PAUSE.minusMillis(1));
    assertThat(breaker.allowsCall()).isFalse();
    advance(Duration.ofMillis(1));
    assertThat(breaker.allowsCall()).as("the next probe").isTrue();
  }

  @Test
  void aProbeThatNeverReportsHoldsRedisOffForOnePauseOnly() {
    breaker.failed();
    advance(PAUSE);
    assertThat(breaker.allowsCall()).as("a probe whose thread dies").isTrue();

    advance(PAUSE.minusMillis(1));
    assertThat(breaker.allowsCall()).isFalse();
    advance(Duration.ofMillis(1));
    assertThat(breaker.allowsCall()).as("another probe").isTrue();
  }

  @Test
  void reportsWhenItOpensAndWhenItClosesOnlyOnce() {
    assertThat(breaker.failed()).as("first failure opens").isTrue();
    assertThat(breaker.failed()).as("a second failure while open").isFalse();
    assertThat(breaker.isOpen()).isTrue();

    assertThat(breaker.succeeded()).as("first success closes").isTrue();
    assertThat(breaker.succeeded()).as("a second success while closed").isFalse();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void worksAcrossTheWrapOfTheNanosecondClock() {
    now.set(Long.MAX_VALUE - PAUSE.toNanos() / 2);
    breaker.failed();

    assertThat(breaker.allowsCall()).isFalse();
    advance(PAUSE);
    assertThat(breaker.allowsCall()).isTrue();
  }
}
