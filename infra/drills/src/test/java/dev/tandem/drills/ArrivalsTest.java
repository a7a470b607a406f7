package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

  @Test
  void theSalesScheduleSendsEveryAttemptWithinItsDurationAtAnEvenPace() {
    List<Arrivals.Arrival> schedule =
        Arrivals.evenly(FlashSale.ATTEMPTS, FlashSale.OVER, FlashSale.MEMBERS);

    assertThat(schedule).hasSize(FlashSale.ATTEMPTS);
    assertThat(schedule.getFirst().offsetNanos()).isZero();
    assertThat(schedule.getLast().offsetNanos()).isLessThan(FlashSale.OVER.toNanos());
    long gap = FlashSale.OVER.toNanos() / FlashSale.ATTEMPTS;
    for (int i = 1; i < schedule.size(); i++) {
      assertThat(schedule.get(i).offsetNanos() - schedule.get(i - 1).offsetNanos())
          .isBetween(gap, gap + 1);
    }
  }

  @Test
  void everyMemberSendsTheSameShareAsFarApartAsPossible() {
    List<Arrivals.Arrival> schedule = Arrivals.evenly(3_000, Duration.ofSeconds(20), 1_000);

    Map<Integer, List<Long>> byMember = new HashMap<>();
    schedule.forEach(
        a ->
            byMember
                .computeIfAbsent(a.member(), m -> new java.util.ArrayList<>())
                .add(a.offsetNanos()));
    assertThat(byMember).hasSize(1_000);
    assertThat(byMember.values()).allSatisfy(offsets -> assertThat(offsets).hasSize(3));
    // a third of the sale between one member's attempts (to the nanosecond it was rounded to)
    assertThat(byMember.get(7).get(1) - byMember.get(7).get(0))
        .isBetween(Duration.ofSeconds(20).toNanos() / 3, Duration.ofSeconds(20).toNanos() / 3 + 1);
  }

  @Test
  void moreMembersThanAttemptsSendOneEach() {
    assertThat(Arrivals.evenly(3, Duration.ofSeconds(1), 10))
        .extracting(Arrivals.Arrival::member)
        .containsExactly(0, 1, 2);
  }

  @Test
  void refusesAnEmptySchedule() {
    assertThatThrownBy(() -> Arrivals.evenly(0, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Arrivals.evenly(10, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
