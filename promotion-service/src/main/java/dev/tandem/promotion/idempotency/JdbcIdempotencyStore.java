package dev.tandem.promotion.idempotency;

import dev.tandem.platform.idempotency.ConcurrentUseException;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.IdempotentRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * promotion-service's idempotency keys, in its one database (tables in {@code
 * V3__idempotency_scoped}): {@code idempotency_keys} binds each key to its request, committed on
 * its own; {@code idempotency_answers} holds each write's answer, in the write's transaction. With
 * one database the home of every scope and the shard of every write is the same, 0; the rules are
 * the same as for a sharded service, so a key means the same thing in every provider.
 *
 * <p>Times are stored as UTC in {@code DATETIME(6)}: passed as {@link LocalDateTime}, they are
 * written and compared without any time zone conversion.
 */
@Repository
class JdbcIdempotencyStore implements IdempotencyStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;

  JdbcIdempotencyStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    // A binding and each purge batch commit on their own, even if a caller's transaction is open.
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    // Row locks only: a purge batch must not lock the gap new keys are inserted into.
    this.ownTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
  }

  /**
   * Inserts the binding, or reads the one already there; a concurrent first binding makes the
   * insert wait, and the one then read is committed. Should that row be purged in between (it
   * expired), the insert is tried again.
   */
  @Override
  public Fingerprint bind(IdempotentRequest request, Instant now) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Fingerprint> bound = ownTransaction.execute(status -> tryBind(request, now));
      if (bound != null && bound.isPresent()) {
        return bound.get();
      }
    }
    throw new IllegalStateException("idempotency key " + request.key() + " could not be bound");
  }

  private Optional<Fingerprint> tryBind(IdempotentRequest request, Instant now) {
    try {
      jdbc.sql(
              """
              INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at)
              VALUES (:scope, :key, :fingerprint, :createdAt)""")
          .param("scope", request.scope().value())
          .param("key", request.key())
          .param("fingerprint", request.fingerprint().sha256())
          .param("createdAt", utc(now))
          .update();
      return Optional.of(request.fingerprint());
    } catch (DuplicateKeyException bound) {
      return jdbc.sql(
              """
              SELECT fingerprint FROM idempotency_keys
              WHERE scope = :scope AND idempotency_key = :key""")
          .param("scope", request.scope().value())
          .param("key", request.key())
          .query(String.class)
          .optional()
          .map(Fingerprint::new);
    }
  }

  @Override
  public Optional<Recorded> find(IdempotentRequest request) {
    return jdbc.sql(
            """
            SELECT fingerprint, answer FROM idempotency_answers
            WHERE scope = :scope AND idempotency_key = :key""")
        .param("scope", request.scope().value())
        .param("key", request.key())
        .query(
            (row, n) ->
                new Recorded(
                    new Fingerprint(row.getString("fingerprint")), row.getString("answer")))
        .optional();
  }

  @Override
  public void reserve(IdempotentRequest request, Instant now) {
    try {
      jdbc.sql(
              """
              INSERT INTO idempotency_answers (scope, idempotency_key, fingerprint, created_at)
              VALUES (:scope, :key, :fingerprint, :createdAt)""")
          .param("scope", request.scope().value())
          .param("key", request.key())
          .param("fingerprint", request.fingerprint().sha256())
          .param("createdAt", utc(now))
          .update();
    } catch (DuplicateKeyException e) {
      throw new ConcurrentUseException(request.key(), e);
    }
  }

  @Override
  public void saveAnswer(IdempotentRequest request, String answer) {
    jdbc.sql(
            """
            UPDATE idempotency_answers SET answer = :answer
            WHERE scope = :scope AND idempotency_key = :key""")
        .param("answer", answer)
        .param("scope", request.scope().value())
        .param("key", request.key())
        .update();
  }

  /** One {@code DELETE ... LIMIT} per table, each in a short READ COMMITTED transaction. */
  @Override
  public int purgeCreatedBefore(Instant cutoff, int limit) {
    int deleted = 0;
    for (String table : List.of("idempotency_keys", "idempotency_answers")) {
      Integer batch =
          ownTransaction.execute(
              status ->
                  jdbc.sql(
                          "DELETE FROM "
                              + table
                              + " WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit")
                      .param("cutoff", utc(cutoff))
                      .param("limit", limit)
                      .update());
      deleted += batch == null ? 0 : batch;
    }
    return deleted;
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
