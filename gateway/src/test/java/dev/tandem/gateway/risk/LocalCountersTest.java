package dev.tandem.gateway.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.gateway.risk.RiskSettings.Limit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fallback's windows, on a clock the test moves. */
class LocalCountersTest {

  final AtomicLong now = new AtomicLong(1_000);
  final LocalCounters counters = new LocalCounters(2, now::get);

  final Limited perPromotion =
      new Limited("claims-per-promotion", "p:1", new Limit(40, Duration.ofSeconds(1)), "");
  final Limited perMember =
      new Limited("claims-per-member", "m:7", new Limit(20, Duration.ofSeconds(10)), "key");

  @Test
  void eachInstanceTakesItsShareOfTheClusterLimit() {
    for (int i = 0; i < 20; i++) {
      assertThat(counters.count(List.of(perPromotion))).isEmpty();
    }
    assertThat(counters.count(List.of(perPromotion)))
        .hasValueSatisfying(
            refusal -> {
              assertThat(refusal.reason()).isEqualTo("claims-per-promotion");
              assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
  }

  @Test
  void aWindowEndsOnTimeAndTheNextStartsEmpty() {
    for (int i = 0; i < 20; i++) {
      counters.count(List.of(perPromotion));
    }
    now.addAndGet(Duration.ofMillis(400).toNanos());
    assertThat(counters.count(List.of(perPromotion)))
        .hasValueSatisfying(
            refusal -> assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(600)));
    now.addAndGet(Duration.ofMillis(600).toNanos());
    assertThat(counters.count(List.of(perPromotion))).isEmpty();
  }

  @Test
  void aRefusalCountsInNoneOfTheOtherLimits() {
    Limited member =
        new Limited("claims-per-member", "m:8", new Limit(2, Duration.ofMinutes(1)), "");
    assertThat(counters.count(List.of(member, perPromotion))).isEmpty();
    // the member is at its share (1 of 2): refused, and the promotion's window is not spent
    for (int i = 0; i < 30; i++) {
      assertThat(counters.count(List.of(member, perPromotion))).isPresent();
    }
    for (int i = 0; i < 19; i++) {
      assertThat(counters.count(List.of(perPromotion))).isEmpty();
    }
    assertThat(counters.count(List.of(perPromotion))).isPresent();
  }

  @Test
  void aLimitBelowTheNumberOfInstancesStillAdmitsOne() {
    Limited rare = new Limited("rare", "r", new Limit(1, Duration.ofHours(1)), "");
    assertThat(counters.count(List.of(rare))).isEmpty();
    assertThat(counters.count(List.of(rare))).isPresent();
  }

  @Test
  void manyKeysDoNotGrowTheMapWithoutBound() {
    for (int i = 0; i <= LocalCounters.MAX_WINDOWS; i++) {
      counters.count(List.of(member(i)));
    }
    assertThat(counters.windowCount()).isEqualTo(LocalCounters.MAX_WINDOWS + 1);
    // over the bound, with every window ended: the ended ones go
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(counters.count(List.of(perMember))).isEmpty();
    assertThat(counters.windowCount()).isEqualTo(1);
    // over the bound with none ended: all go, so member 0 (at its share of 1) is admitted afresh
    for (int i = 0; i <= LocalCounters.MAX_WINDOWS; i++) {
      counters.count(List.of(member(i)));
    }
    assertThat(counters.windowCount()).isLessThanOrEqualTo(LocalCounters.MAX_WINDOWS);
    assertThat(counters.count(List.of(member(0)))).isEmpty();
  }

  private static Limited member(int i) {
    return new Limited("m", "member:" + i, new Limit(2, Duration.ofSeconds(1)), "");
  }

  @Test
  void refusesANonsensicalNumberOfInstances() {
    assertThatThrownBy(() -> new LocalCounters(0, now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
