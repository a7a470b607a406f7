package dev.tandem.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a write at most once per idempotency key, in both providers, over the service's own {@link
 * IdempotencyStore}. The contract clients see:
 *
 * <ul>
 *   <li>the first request with a key runs, and its answer is stored with its change;
 *   <li>the same key in the same scope with the same request (fingerprint) answers the stored
 *       answer and runs nothing;
 *   <li>the same key in the same scope with another request is refused with the service's
 *       key-reused exception (HTTP 422 {@code idempotency-key-reused}), wherever either request
 *       would land: on another shard too;
 *   <li>keys of different scopes (callers) never meet;
 *   <li>after the retention (24 h by default, {@link IdempotencySettings}) a key is forgotten and
 *       may be used again.
 * </ul>
 *
 * <h2>Two steps</h2>
 *
 * <ol>
 *   <li><b>Bind</b> the key to the request's fingerprint, committed on its own, in the one place
 *       every use of the key in its scope reaches ({@link IdempotencyStore#bind}). Another
 *       fingerprint bound there: refused. This is what makes a key one request across shards: a
 *       sharded service's changes land on different shards, but every use of a key meets at the
 *       scope's home.
 *   <li><b>Write</b>, in one local transaction on the shard the change lands on: if the key has a
 *       record there, replay its answer; otherwise reserve the record, run the change, store its
 *       answer, commit. The change commits if and only if its record does, so it happens exactly
 *       once per key.
 * </ol>
 *
 * <h2>Failures between and around the steps</h2>
 *
 * <ul>
 *   <li><b>Before the binding commits</b> (crash, timeout, home shard down): nothing happened; a
 *       retry starts afresh.
 *   <li><b>After the binding, before the write commits</b> (crash, the write's shard down, a rule
 *       refusing the change such as out of stock): the key stays bound to that request, with no
 *       change and no record. A retry of the same request passes the binding, finds no record and
 *       applies the change once. Another request under that key is refused until the key expires,
 *       although the first never took effect: a key names one request from its first use, so trying
 *       something else takes a new key. Refusals are not stored: a retry runs again and answers for
 *       the state of that moment.
 *   <li><b>After the write committed, before the answer arrived</b> (the Dubbo or HTTP retry that
 *       idempotency exists for): the retry replays the stored answer.
 *   <li><b>Two uses of one key at once</b>: with the same request, both pass the binding; on the
 *       change's shard the second waits on the first's record, fails on it once the first commits
 *       ({@link ConcurrentUseException}), and runs again, replaying. With different requests, the
 *       binding lets exactly one through.
 *   <li><b>Expiry</b>: bindings and records are purged independently. Around the boundary a record
 *       that outlives its binding still refuses another request on its shard (the write step
 *       compares fingerprints too); once both are gone the key is free.
 *   <li><b>The home is down</b>: writes of the scopes homed there fail (retryable 503) even when
 *       their change lands elsewhere. That is the price of one answer across shards; a service can
 *       keep it small by homing a scope where its writes usually land.
 * </ul>
 *
 * <p>Run it outside any transaction: it opens its own (with {@code transactions}) for the write
 * step, and retries that step when it loses a race ({@link ConcurrentUseException}, deadlock).
 */
public class IdempotentWrites {

  /** A twin request with the same key, or a deadlock victim: both are settled by running again. */
  static final int ATTEMPTS = 3;

  private final IdempotencyStore store;
  private final TransactionOperations transactions;
  private final ObjectMapper json;
  private final Clock clock;
  private final Function<String, ? extends RuntimeException> keyReused;

  /**
   * @param transactions runs the write step in one local transaction on the change's shard
   * @param json writes answers to the store and reads them back for replays
   * @param keyReused the exception the service's contract names for a reused key, given the key
   */
  public IdempotentWrites(
      IdempotencyStore store,
      TransactionOperations transactions,
      ObjectMapper json,
      Clock clock,
      Function<String, ? extends RuntimeException> keyReused) {
    this.store = store;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
    this.keyReused = keyReused;
  }

  /**
   * The stored answer when the key already carried this request, otherwise the answer of {@code
   * change}, run once in a transaction that also records it.
   *
   * @throws RuntimeException the service's key-reused exception when the key carried another
   *     request
   */
  public <T> T apply(IdempotentRequest request, Class<T> answerType, Supplier<T> change) {
    Fingerprint bound = store.bind(request, clock.instant());
    if (!bound.equals(request.fingerprint())) {
      throw keyReused.apply(request.key());
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return transactions.execute(status -> replayOrApply(request, answerType, change));
      } catch (ConcurrentUseException | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private <T> T replayOrApply(IdempotentRequest request, Class<T> answerType, Supplier<T> change) {
    Optional<IdempotencyStore.Recorded> recorded = store.find(request);
    if (recorded.isPresent()) {
      if (!recorded.get().fingerprint().equals(request.fingerprint())) {
        throw keyReused.apply(request.key());
      }
      if (recorded.get().answer() == null) {
        throw new ConcurrentUseException(request.key(), null);
      }
      return read(recorded.get().answer(), answerType);
    }
    store.reserve(request, clock.instant());
    T answer = change.get();
    if (answer == null) {
      throw new IllegalStateException("an idempotent write must answer something to replay");
    }
    store.saveAnswer(request, write(answer));
    return answer;
  }

  private String write(Object answer) {
    try {
      return json.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store an answer as JSON", e);
    }
  }

  private <T> T read(String answer, Class<T> answerType) {
    try {
      return json.readValue(answer, answerType);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored answer is not a " + answerType.getName(), e);
    }
  }
}
