package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void p99OfAHundredValuesIsTheSecondLargest() {
    List<Long> values = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
    Collections.shuffle(values);

    assertThat(Percentiles.p99(values)).isEqualTo(99);
    assertThat(Percentiles.of(values, 50)).isEqualTo(50);
    assertThat(Percentiles.of(values, 100)).isEqualTo(100);
  }

  @Test
  void ofFewerThanAHundredValuesP99IsTheLargest() {
    assertThat(Percentiles.p99(List.of(120L, 900L, 80L))).isEqualTo(900);
    assertThat(Percentiles.p99(List.of(7L))).isEqualTo(7);
  }

  @Test
  void aPercentileIsAlwaysAValueMeasuredNeverAnInterpolation() {
    assertThat(Percentiles.of(List.of(100L, 200L), 50)).isEqualTo(100);
    assertThat(Percentiles.of(List.of(100L, 200L), 51)).isEqualTo(200);
  }

  @Test
  void noValuesHaveNoPercentile() {
    assertThat(Percentiles.p99(List.of())).isEqualTo(-1);
  }

  @Test
  void refusesAPercentileOutsideTheRange() {
    assertThatThrownBy(() -> Percentiles.of(List.of(1L), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(List.of(1L), 101))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
