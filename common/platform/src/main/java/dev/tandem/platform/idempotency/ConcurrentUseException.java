package dev.tandem.platform.idempotency;

/**
 * A concurrent request with the same key committed its record while this one ran; this one rolls
 * back, and {@link IdempotentWrites} runs it again, which then replays the committed answer.
 */
public class ConcurrentUseException extends RuntimeException {

  public ConcurrentUseException(String key, Throwable cause) {
    super("idempotency key " + key + " was recorded by a concurrent request", cause);
  }
}
