package dev.tandem.gateway.problem;

import java.time.Duration;

/**
 * A request refused because its sender, or everyone together, is asking too often: 429 {@code
 * too-many-requests} with {@code Retry-After}, the whole seconds until the limit lets the next one
 * through, and this message, written for the client, as its {@code detail}.
 */
public class RequestThrottled extends RuntimeException {

  private final Duration retryAfter;

  public RequestThrottled(String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** At least one second: {@code Retry-After: 0} would invite an immediate retry. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
