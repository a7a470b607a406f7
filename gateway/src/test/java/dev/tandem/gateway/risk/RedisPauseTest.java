package dev.tandem.gateway.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RedisPauseTest {

  final AtomicLong now = new AtomicLong(1_000);
  final RedisPause pause = new RedisPause(Duration.ofNanos(100), now::get);

  @Test
  void afterAFailureRedisIsLeftAloneThenProbedOnce() {
    assertThat(pause.allowsCall()).isTrue();
    assertThat(pause.failed()).isTrue();
    assertThat(pause.allowsCall()).isFalse();

    now.addAndGet(100);
    assertThat(pause.allowsCall()).as("the probe").isTrue();
    assertThat(pause.allowsCall()).as("only one probe").isFalse();

    assertThat(pause.succeeded()).isTrue();
    assertThat(pause.allowsCall()).isTrue();
    assertThat(pause.allowsCall()).isTrue();
  }

  @Test
  void aFailedProbeStartsAnotherPause() {
    pause.failed();
    now.addAndGet(100);
    assertThat(pause.allowsCall()).isTrue();
    assertThat(pause.failed()).as("already paused").isFalse();
    now.addAndGet(50);
    assertThat(pause.allowsCall()).isFalse();
    now.addAndGet(50);
    assertThat(pause.allowsCall()).isTrue();
  }
}
