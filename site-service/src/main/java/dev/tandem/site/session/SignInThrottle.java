package dev.tandem.site.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per account (the normalized email) and per client address in fixed
 * windows: after {@code accountLimit} failures for one account, or {@code addressLimit} from one
 * address, further attempts are refused until the window ends, without checking the password. A
 * success clears the account's count. The per-address limit is higher: many people share an address
 * behind a NAT.
 *
 * <p>Counts are kept per site-service instance, so with N instances an attacker gets up to N times
 * the limit (SECURITY.md). The maps are bounded: past {@code maxEntries} the ended windows go.
 */
final class SignInThrottle {

  private static final class Window {
    final Instant start;
    int failures;

    Window(Instant start) {
      this.start = start;
    }
  }

  private final int accountLimit;
  private final int addressLimit;
  private final Duration window;
  private final int maxEntries;
  private final Map<String, Window> accounts = new ConcurrentHashMap<>();
  private final Map<String, Window> addresses = new ConcurrentHashMap<>();

  SignInThrottle(int accountLimit, int addressLimit, Duration window, int maxEntries) {
    this.accountLimit = accountLimit;
    this.addressLimit = addressLimit;
    this.window = window;
    this.maxEntries = maxEntries;
  }

  /** How long to wait before trying again, or empty when an attempt may go ahead. */
  Optional<Duration> refusal(String account, String address, Instant now) {
    Duration wait = Duration.ZERO;
    wait = longer(wait, waitFor(accounts.get(account), accountLimit, now));
    wait = longer(wait, waitFor(addresses.get(address), addressLimit, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  void failed(String account, String address, Instant now) {
    count(accounts, account, now);
    count(addresses, address, now);
  }

  void succeeded(String account) {
    accounts.remove(account);
  }

  private void count(Map<String, Window> windows, String key, Instant now) {
    if (windows.size() >= maxEntries) {
      windows.values().removeIf(w -> !now.isBefore(w.start.plus(window)));
    }
    windows.compute(
        key,
        (k, current) -> {
          Window counting =
              current == null || !now.isBefore(current.start.plus(window))
                  ? new Window(now)
                  : current;
          counting.failures++;
          return counting;
        });
  }

  private Duration waitFor(Window counted, int limit, Instant now) {
    if (counted == null || counted.failures < limit) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, counted.start.plus(window));
    if (left.isNegative() || left.isZero()) {
      return Duration.ZERO;
    }
    // whole seconds, rounded up: Retry-After has no fractions
    return Duration.ofSeconds(left.plusMillis(999).toSeconds());
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
