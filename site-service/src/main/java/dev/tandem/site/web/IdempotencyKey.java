package dev.tandem.site.web;

/**
 * The caller's {@code Idempotency-Key} header, required on every write. Declaring a controller
 * parameter of this type is what makes the header mandatory: {@link IdempotencyKeyResolver} answers
 * 400 {@code idempotency-key-required} before the body is even read. The key travels unchanged into
 * the provider's command with the caller's token subject (a registration has none: its key is
 * scoped by the email), and the provider stores it with the change for 24 hours: a replay returns
 * the first result, the same key from the same caller with another body answers 422 {@code
 * idempotency-key-reused} (dev.tandem.platform.idempotency).
 */
public record IdempotencyKey(String value) {

  /** The providers' commands accept keys up to this length. */
  static final int MAX_LENGTH = 100;
}
