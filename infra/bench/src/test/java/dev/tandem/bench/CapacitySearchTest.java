package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

  /** A hop that keeps the SLO up to {@code limit} requests per second. */
  private static CapacitySearch.Result<Integer> against(
      int limit, int start, int max, int bisections) {
    return CapacitySearch.search(
        start, max, bisections, rate -> new CapacitySearch.Outcome<>(rate, rate <= limit, rate));
  }

  private static List<Integer> rates(CapacitySearch.Result<Integer> result) {
    return result.steps().stream().map(CapacitySearch.Outcome::rate).toList();
  }

  @Test
  void doublesUntilAStepFailsThenBisects() {
    CapacitySearch.Result<Integer> result = against(300, 20, 6400, 3);

    assertThat(rates(result)).containsExactly(20, 40, 80, 160, 320, 240, 280, 300);
    assertThat(result.capacity()).isEqualTo(300);
    assertThat(result.atCapacity()).isEqualTo(300);
    assertThat(result.firstFailure().rate()).isEqualTo(320);
  }

  @Test
  void stopsAtTheTopRateWhenNothingFails() {
    CapacitySearch.Result<Integer> result = against(100_000, 20, 100, 3);

    assertThat(rates(result)).containsExactly(20, 40, 80, 100);
    assertThat(result.capacity()).isEqualTo(100);
    assertThat(result.firstFailure()).isNull();
  }

  @Test
  void aClassThatFailsAtTheStartIsSearchedDownwardsThenBisected() {
    CapacitySearch.Result<Integer> result = against(7, 20, 6400, 3);

    assertThat(rates(result)).containsExactly(20, 10, 5, 7, 8);
    assertThat(result.capacity()).isEqualTo(7);
    assertThat(result.firstFailure().rate()).isEqualTo(8);
  }

  @Test
  void aClassThatFailsEvenAtOnePerSecondHasNoCapacity() {
    CapacitySearch.Result<Integer> result = against(0, 20, 6400, 3);

    assertThat(rates(result)).containsExactly(20, 10, 5, 2, 1);
    assertThat(result.capacity()).isZero();
    assertThat(result.atCapacity()).isNull();
  }

  @Test
  void bisectionsNeverTryARateTwice() {
    CapacitySearch.Result<Integer> result = against(41, 20, 6400, 10);

    assertThat(rates(result)).doesNotHaveDuplicates();
    assertThat(result.capacity()).isEqualTo(41);
  }

  @Test
  void refusesASearchWithoutRoom() {
    assertThatThrownBy(() -> against(1, 0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> against(1, 20, 10, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
