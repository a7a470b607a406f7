package dev.tandem.member.idempotency;

/**
 * A concurrent request with the same idempotency key committed while this one ran; this one rolled
 * back. Running the request again replays the committed response.
 */
public class KeyAlreadyRecordedException extends RuntimeException {

  KeyAlreadyRecordedException(String key, Throwable cause) {
    super("idempotency key " + key + " was recorded by a concurrent request", cause);
  }
}
