package dev.tandem.site.web;

/** A write arrived without a usable {@code Idempotency-Key} header. */
class IdempotencyKeyRequiredException extends RuntimeException {

  IdempotencyKeyRequiredException(String message) {
    super(message);
  }
}
