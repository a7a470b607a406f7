package dev.tandem.promotion.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.promotion.api.IdempotencyKeyReusedException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a write at most once per idempotency key: the key, the request's fingerprint and the result
 * are committed in the same transaction as the change, so a retry on another instance, after a
 * failover or a lost answer, gets the first result instead of a second change.
 *
 * <p>Only successful results are remembered. A write that failed (out of stock, already claimed)
 * rolled back everything, the key included, so running it again is safe and answers for the state
 * of the moment.
 */
@Component
public class IdempotentWrites {

  /** A twin request with the same key or a deadlock victim: both are settled by running again. */
  private static final int ATTEMPTS = 3;

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final ObjectMapper json;
  private final Clock clock;

  IdempotentWrites(
      JdbcClient jdbc, PlatformTransactionManager transactions, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    // Row locks only, no gap locks: concurrent claims of one promotion queue on its row, nothing
    // else.
    this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    this.json = json;
    this.clock = clock;
  }

  /**
   * The stored result of {@code key} if it was used for the same request, otherwise the result of
   * {@code change}, run in a transaction that also stores it.
   *
   * @throws IdempotencyKeyReusedException when the key was used for a different request
   */
  public <T> T apply(String key, Fingerprint request, Class<T> resultType, Supplier<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.execute(status -> applyOnce(key, request, resultType, change));
      } catch (KeyTakenConcurrently | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private <T> T applyOnce(
      String key, Fingerprint request, Class<T> resultType, Supplier<T> change) {
    Optional<StoredResult> stored = find(key);
    if (stored.isPresent()) {
      if (!stored.get().fingerprint().equals(request.sha256())) {
        throw new IdempotencyKeyReusedException(key);
      }
      return read(stored.get().response(), resultType);
    }
    reserve(key, request);
    T result = change.get();
    jdbc.sql("UPDATE idempotency_record SET response = ? WHERE idempotency_key = ?")
        .params(write(result), key)
        .update();
    return result;
  }

  private Optional<StoredResult> find(String key) {
    return jdbc.sql(
            "SELECT fingerprint, response FROM idempotency_record WHERE idempotency_key = ?")
        .param(key)
        .query(StoredResult.class)
        .optional();
  }

  /**
   * Inserting the key first makes a twin request with the same key wait on it, then fail with a
   * duplicate and find the committed result on its next attempt.
   */
  private void reserve(String key, Fingerprint request) {
    try {
      jdbc.sql(
              "INSERT INTO idempotency_record (idempotency_key, fingerprint, created_at)"
                  + " VALUES (?, ?, ?)")
          .params(key, request.sha256(), Timestamp.from(clock.instant()))
          .update();
    } catch (DuplicateKeyException e) {
      throw new KeyTakenConcurrently(e);
    }
  }

  private String write(Object result) {
    try {
      return json.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store a result as JSON", e);
    }
  }

  private <T> T read(String response, Class<T> resultType) {
    try {
      return json.readValue(response, resultType);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a stored result", e);
    }
  }

  private record StoredResult(String fingerprint, String response) {}

  private static final class KeyTakenConcurrently extends RuntimeException {
    KeyTakenConcurrently(Throwable cause) {
      super("another request with the same idempotency key committed first", cause);
    }
  }
}
