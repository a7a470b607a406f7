package dev.tandem.platform.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a service keeps its idempotency keys; the rules for using them are {@link
 * IdempotentWrites}'. Two kinds of rows, so that a key is one request across shards while its
 * change and its record stay in one local transaction:
 *
 * <ul>
 *   <li>the <b>binding</b> of a key, in its scope, to a fingerprint: one row per scope and key, in
 *       one place that every use of the key reaches (for a sharded service, a home shard chosen by
 *       the scope alone), committed on its own;
 *   <li>the <b>record</b> of the write: fingerprint and answer, on the shard the change lands on,
 *       inside the change's transaction.
 * </ul>
 *
 * <p>Both carry their creation time and are purged after the retention ({@link
 * IdempotencySettings}). Keys and scopes compare byte for byte.
 */
public interface IdempotencyStore {

  /**
   * Binds the request's key, in its scope, to the request's fingerprint unless it is bound already,
   * and has committed that when it returns, whatever transaction the caller is in. Two requests
   * binding one key at once meet on one row: one binds, the other sees its binding.
   *
   * @return the fingerprint the key is bound to: the request's own when the key was free
   */
  Fingerprint bind(IdempotentRequest request, Instant now);

  /**
   * The committed record of the request's key on {@code request.shard()}, read in the write's
   * transaction.
   */
  Optional<Recorded> find(IdempotentRequest request);

  /**
   * Inserts the key's record, without its answer yet, in the write's transaction and before the
   * change: a concurrent request with the same key then waits here rather than meeting the change
   * half done (two registrations of one email would otherwise meet on the email and answer 409).
   *
   * @throws ConcurrentUseException when a concurrent request with the same key committed its record
   *     first
   */
  void reserve(IdempotentRequest request, Instant now);

  /** Stores the answer of the reserved record, in the write's transaction. */
  void saveAnswer(IdempotentRequest request, String answer);

  /**
   * Deletes bindings and records created before {@code cutoff}: at most {@code limit} rows of each
   * table on each shard, each batch in a short transaction of its own, so that every instance may
   * run it at the same moment (they delete the same rows; whoever comes second finds them gone).
   *
   * @return how many rows it deleted; the caller calls again while that is more than zero
   */
  int purgeCreatedBefore(Instant cutoff, int limit);

  /**
   * A committed record: the request's fingerprint and the JSON of its answer ({@code null} only
   * inside the transaction that reserved it).
   */
  record Recorded(Fingerprint fingerprint, String answer) {}
}
