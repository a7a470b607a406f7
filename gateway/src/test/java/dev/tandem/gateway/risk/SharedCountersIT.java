package dev.tandem.gateway.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.gateway.risk.RiskSettings.Limit;
import dev.tandem.gateway.risk.SharedCounters.Refusal;
import dev.tandem.platform.redis.RedisBreaker;
import dev.tandem.platform.testing.TandemEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The shared counters against the cluster's real Redis (through its Sentinels, with its password):
 * limits, retries counted once, all-or-nothing, the wait until a window ends.
 */
class SharedCountersIT {

  static final RedissonClient redis =
      new RiskConfiguration()
          .riskRedis(
              new RiskSettings(
                  new RiskSettings.Redis(
                      Arrays.asList(TandemEnvironment.get("TANDEM_REDIS_SENTINELS").split(",")),
                      TandemEnvironment.get("TANDEM_REDIS_MASTER_NAME"),
                      TandemEnvironment.get("TANDEM_REDIS_PASSWORD"),
                      TandemEnvironment.get("TANDEM_REDIS_SENTINEL_PASSWORD"),
                      Duration.ofMillis(100),
                      Duration.ofSeconds(1)),
                  null,
                  null,
                  null,
                  null,
                  List.of(),
                  "/unused",
                  2));

  /** A generous timeout: the first call connects, and this machine is shared. */
  final SharedCounters counters =
      new SharedCounters(
          redis,
          Duration.ofSeconds(5),
          new RedisBreaker(Duration.ofSeconds(1), System::nanoTime),
          new LocalCounters(1, System::nanoTime),
          new SimpleMeterRegistry());

  final String run = UUID.randomUUID().toString();

  @AfterAll
  static void close() {
    redis.shutdown();
  }

  @Test
  void refusesTheRequestOverTheLimitUntilTheWindowEnds() {
    Limited perMember = counter("member", new Limit(2, Duration.ofSeconds(30)), "");
    assertThat(count(perMember)).isEmpty();
    assertThat(count(perMember)).isEmpty();

    Optional<Refusal> refused = count(perMember);

    assertThat(refused).isPresent();
    assertThat(refused.get().reason()).isEqualTo("member");
    assertThat(refused.get().retryAfter())
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30));
  }

  @Test
  void retriesOfOneAttemptCountOnce() {
    Limit twice = new Limit(2, Duration.ofSeconds(30));
    assertThat(count(counter("address", twice, "key-1"))).isEmpty();
    assertThat(count(counter("address", twice, "key-1"))).isEmpty();
    assertThat(count(counter("address", twice, "key-2"))).isEmpty();
    // a retry of an admitted attempt is still admitted; a new one is not
    assertThat(count(counter("address", twice, "key-1"))).isEmpty();
    assertThat(count(counter("address", twice, "key-3"))).isPresent();
  }

  @Test
  void aRequestRefusedByOneLimitSpendsNoneOfTheOthers() {
    Limited member = counter("member", new Limit(1, Duration.ofSeconds(30)), "");
    Limited promotion = counter("promotion", new Limit(2, Duration.ofSeconds(30)), "");
    assertThat(count(member, promotion)).isEmpty();
    assertThat(count(member, promotion)).map(Refusal::reason).contains("member");
    assertThat(count(member, promotion)).map(Refusal::reason).contains("member");

    // the promotion counted only the one admitted request: one more fits
    assertThat(count(promotion)).isEmpty();
    assertThat(count(promotion)).map(Refusal::reason).contains("promotion");
  }

  @Test
  void aWindowEndsAndTheCountStartsAgain() throws Exception {
    Limited brief = counter("brief", new Limit(1, Duration.ofMillis(300)), "");
    assertThat(count(brief)).isEmpty();
    assertThat(count(brief)).isPresent();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> count(brief).isEmpty());
  }

  private Limited counter(String reason, Limit limit, String attempt) {
    return new Limited(reason, "tandem:risk:it:" + run + ":" + reason, limit, attempt);
  }

  private Optional<Refusal> count(Limited... limited) {
    return counters.count(List.of(limited)).block(Duration.ofSeconds(10));
  }
}
