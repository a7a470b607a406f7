package dev.tandem.site.web;

/**
 * The caller's {@code Idempotency-Key} header, required on every write. Declaring a controller
 * parameter of this type is what makes the header mandatory: {@link IdempotencyKeyResolver} answers
 * 400 {@code idempotency-key-required} before the body is even read. The key travels unchanged into
 * the provider's command, which stores it with the change; a replay returns the first result.
 */
public record IdempotencyKey(String value) {

  /** The providers' commands accept keys up to this length. */
  static final int MAX_LENGTH = 100;
}
