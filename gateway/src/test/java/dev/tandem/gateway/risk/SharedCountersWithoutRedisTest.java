package dev.tandem.gateway.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.gateway.risk.RiskSettings.Limit;
import dev.tandem.platform.redis.RedisBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * With no Redis to ask (nothing listens where its Sentinel should be), every request is decided
 * quickly by this instance alone, at its share of the limit: a cache outage is not an outage of
 * claims, and not an open door either.
 */
class SharedCountersWithoutRedisTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final RedissonClient redis =
      new RiskConfiguration()
          .riskRedis(
              new RiskSettings(
                  new RiskSettings.Redis(
                      List.of("127.0.0.1:" + freePort()),
                      "tandem",
                      "",
                      "",
                      Duration.ofMillis(100),
                      Duration.ofSeconds(1)),
                  null,
                  null,
                  null,
                  null,
                  List.of(),
                  "/unused",
                  2));
  final SharedCounters counters =
      new SharedCounters(
          redis,
          Duration.ofMillis(100),
          new RedisBreaker(Duration.ofSeconds(1), System::nanoTime),
          new LocalCounters(2, System::nanoTime),
          meters);

  @AfterEach
  void close() {
    redis.shutdown();
  }

  @Test
  void decidesAloneAtItsShareWhenRedisIsUnreachable() {
    Limited tenAMinute =
        new Limited("member", "tandem:risk:test", new Limit(10, Duration.ofMinutes(1)), "");
    List<Optional<SharedCounters.Refusal>> decisions = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      decisions.add(counters.count(List.of(tenAMinute)).block(Duration.ofSeconds(5)));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // the first waits out the timeout at most; the others skip Redis while it is paused
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    // two gateways share the limit: this one admits 5 of the 10 on its own
    assertThat(decisions.subList(0, 5)).allSatisfy(decision -> assertThat(decision).isEmpty());
    assertThat(decisions.subList(5, 20))
        .allSatisfy(
            decision ->
                assertThat(decision)
                    .hasValueSatisfying(
                        refusal -> {
                          assertThat(refusal.reason()).isEqualTo("member");
                          assertThat(refusal.retryAfter())
                              .isPositive()
                              .isLessThanOrEqualTo(Duration.ofMinutes(1));
                        }));
    assertThat(meters.get("tandem.gateway.risk.local").counter().count()).isEqualTo(20);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
