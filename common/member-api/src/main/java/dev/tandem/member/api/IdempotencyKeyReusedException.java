package dev.tandem.member.api;

/**
 * The caller already used the idempotency key for a different request, within the last 24 hours
 * (the retention); nothing was applied. Every provider has an exception of this name in its own
 * contract, so that each contract stays self-contained on the wire; site-service answers both with
 * 422 {@code idempotency-key-reused}.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException(String key) {
    super("idempotency key " + key + " was already used for a different request");
  }
}
