package dev.tandem.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-model load's schedule: when each request is sent, fixed before the first one goes out.
 * Arrivals do not wait for answers, so a slow cluster meets the same demand as a fast one, as a
 * flash sale's crowd does (a closed loop of workers would send less the slower the answers).
 */
public final class Arrivals {

  private Arrivals() {}

  /** The request sent {@code offsetNanos} after the start, on behalf of member {@code member}. */
  public record Arrival(long offsetNanos, int member) {}

  /**
   * {@code count} arrivals spread evenly over {@code over}, the first at once, the last one gap
   * before its end; member i of {@code members} sends requests i, i + members, i + 2 × members…, so
   * each member's attempts are as far apart as they can be.
   */
  public static List<Arrival> evenly(int count, Duration over, int members) {
    if (count < 1 || members < 1 || over.isNegative() || over.isZero()) {
      throw new IllegalArgumentException(
          "arrivals need a count, members and a duration: " + count + ", " + members + ", " + over);
    }
    long span = over.toNanos();
    List<Arrival> schedule = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      schedule.add(new Arrival(Math.multiplyExact(i, span) / count, i % members));
    }
    return schedule;
  }
}
