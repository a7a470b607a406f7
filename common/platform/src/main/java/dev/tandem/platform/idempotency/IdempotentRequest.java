package dev.tandem.platform.idempotency;

/**
 * One write under an idempotency key: whose key ({@code scope}), the key, what the request asked
 * for ({@code fingerprint}), and the shard its change lands on, whose transaction the key's record
 * joins. A service with one database has one shard, 0.
 */
public record IdempotentRequest(
    IdempotencyScope scope, String key, Fingerprint fingerprint, int shard) {

  /** The longest key: stores size their column by it, commands validate it. */
  public static final int MAX_KEY_LENGTH = 100;

  public IdempotentRequest {
    if (scope == null || fingerprint == null) {
      throw new IllegalArgumentException("a scope and a fingerprint are required");
    }
    if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "an idempotency key is 1 to " + MAX_KEY_LENGTH + " characters");
    }
    if (shard < 0) {
      throw new IllegalArgumentException("shard must not be negative: " + shard);
    }
  }

  /** A write to a service's only database. */
  public static IdempotentRequest of(IdempotencyScope scope, String key, Fingerprint fingerprint) {
    return new IdempotentRequest(scope, key, fingerprint, 0);
  }

  /** The same request, its change landing on {@code shard}. */
  public IdempotentRequest onShard(int shard) {
    return new IdempotentRequest(scope, key, fingerprint, shard);
  }
}
