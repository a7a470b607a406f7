package dev.tandem.gateway.risk;

import dev.tandem.gateway.risk.SharedCounters.Refusal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Risk control's fallback while Redis cannot decide: the same fixed windows, kept in this instance,
 * each limit cut to this instance's share ({@code count / instances}, at least 1). With both
 * gateways on their fallback the cluster admits at most what Redis would have.
 *
 * <p>Why not plain fail-open: Redis is slowest exactly when a flash sale loads the machine, and a
 * request let through unchecked then is one the limits exist to stop (measured on {@code ha}: 1244
 * of 3000 sale claims went through undecided and queued for seconds downstream). Unlike the shared
 * script it does not recognise retries of one write ({@code Idempotency-Key}): each counts, which
 * errs towards refusing, with {@code Retry-After}.
 *
 * <p>Windows start with their first request, as in Redis. Keys come from requests (members,
 * addresses), so the map is bounded: past {@link #MAX_WINDOWS} the ended windows go, and if that is
 * not enough, all of them (a fresh start admits, it never refuses by mistake).
 */
final class LocalCounters {

  static final int MAX_WINDOWS = 50_000;

  private final int instances;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new HashMap<>();

  private static final class Window {
    final long endsAt;
    int used;

    Window(long endsAt) {
      this.endsAt = endsAt;
    }
  }

  /**
   * @param instances how many gateway instances share each limit
   */
  LocalCounters(int instances, LongSupplier nanoTime) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1, not " + instances);
    }
    this.instances = instances;
    this.nanoTime = nanoTime;
  }

  /** This instance's share of a limit. */
  int shareOf(int count) {
    return Math.max(1, count / instances);
  }

  /** Counts the request in every counter, or in none if one of them refuses it (as the script). */
  synchronized Optional<Refusal> count(List<Limited> counters) {
    long now = nanoTime.getAsLong();
    if (windows.size() > MAX_WINDOWS) {
      windows.values().removeIf(window -> now - window.endsAt >= 0);
      if (windows.size() > MAX_WINDOWS) {
        windows.clear();
      }
    }
    Window[] current = new Window[counters.size()];
    for (int i = 0; i < counters.size(); i++) {
      Limited counter = counters.get(i);
      Window window = windows.get(counter.key());
      if (window == null || now - window.endsAt >= 0) {
        window = new Window(now + counter.limit().window().toNanos());
        windows.put(counter.key(), window);
      }
      if (window.used >= shareOf(counter.limit().count())) {
        return Optional.of(
            new Refusal(counter.reason(), Duration.ofNanos(Math.max(0, window.endsAt - now))));
      }
      current[i] = window;
    }
    for (Window window : current) {
      window.used++;
    }
    return SharedCounters.ADMITTED;
  }

  /** How many windows are kept (for tests). */
  synchronized int windowCount() {
    return windows.size();
  }
}
