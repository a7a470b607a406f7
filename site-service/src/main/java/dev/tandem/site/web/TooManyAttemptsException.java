package dev.tandem.site.web;

import java.time.Duration;

/** Too many attempts (failed sign-ins, say): 429 with {@code Retry-After}. */
public class TooManyAttemptsException extends RuntimeException {

  private final Duration retryAfter;

  public TooManyAttemptsException(String what, Duration retryAfter) {
    super(what + "; retry after " + retryAfter.toSeconds() + " s");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
