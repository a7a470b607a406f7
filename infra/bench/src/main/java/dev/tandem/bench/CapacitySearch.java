package dev.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The highest arrival rate a hop sustains within the SLO, found the same way for every hop and
 * class so their capacities compare: rates rise by doubling from {@code start} until a step fails
 * (or {@code max} passes), then {@code bisections} steps halve the gap between the last rate that
 * passed and the first that failed. A class that fails at {@code start} is searched downwards by
 * halving instead (to 1/s at the least), then bisected the same way. Each step is a fresh, bounded
 * measurement; nothing is extrapolated: a class that fails even at 1/s has capacity 0.
 */
final class CapacitySearch {

  private CapacitySearch() {}

  /** What one step at {@code rate} found: whether it kept the SLO, and the step itself. */
  record Outcome<S>(int rate, boolean passed, S step) {}

  /** The search's answer: the highest rate that passed (0: none did), and every step taken. */
  record Result<S>(int capacity, List<Outcome<S>> steps) {

    /** The step at the capacity, or null when no rate passed. */
    S atCapacity() {
      return steps.stream()
          .filter(o -> o.passed() && o.rate() == capacity)
          .map(Outcome::step)
          .findFirst()
          .orElse(null);
    }

    /** The first step that failed at the lowest failing rate: what limits the class. */
    Outcome<S> firstFailure() {
      return steps.stream()
          .filter(o -> !o.passed())
          .min(java.util.Comparator.comparingInt(Outcome::rate))
          .orElse(null);
    }
  }

  static <S> Result<S> search(int start, int max, int bisections, IntFunction<Outcome<S>> measure) {
    if (start < 1 || max < start || bisections < 0) {
      throw new IllegalArgumentException(
          "a search needs 1 <= start <= max and bisections >= 0: " + start + ", " + max);
    }
    List<Outcome<S>> steps = new ArrayList<>();
    int passed = 0;
    int failed = 0;
    for (int rate = start; ; rate = Math.min(max, rate * 2)) {
      Outcome<S> outcome = measure.apply(rate);
      steps.add(outcome);
      if (!outcome.passed()) {
        failed = rate;
        break;
      }
      passed = rate;
      if (rate == max) {
        return new Result<>(passed, steps);
      }
    }
    if (passed == 0) {
      // failed at the start: halve down until a rate passes (a loaded machine, a costly class)
      for (int rate = start / 2; rate >= 1; rate /= 2) {
        Outcome<S> outcome = measure.apply(rate);
        steps.add(outcome);
        if (outcome.passed()) {
          passed = rate;
          break;
        }
        failed = rate;
      }
      if (passed == 0) {
        return new Result<>(0, steps);
      }
    }
    for (int i = 0; i < bisections && failed - passed > 1; i++) {
      int rate = passed + (failed - passed) / 2;
      Outcome<S> outcome = measure.apply(rate);
      steps.add(outcome);
      if (outcome.passed()) {
        passed = rate;
      } else {
        failed = rate;
      }
    }
    return new Result<>(passed, steps);
  }
}
