package dev.tandem.promotion.api;

/** The idempotency key was already used for a different request; the change was not applied. */
public class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException(String key) {
    super("idempotency key " + key + " was already used for a different request");
  }
}
