package dev.tandem.member.idempotency;

import dev.tandem.member.shard.ScopeShards;
import dev.tandem.member.shard.Shards;
import dev.tandem.platform.idempotency.ConcurrentUseException;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.IdempotentRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * member-service's idempotency keys, over the shards (tables in {@code V4__idempotency_scoped}):
 *
 * <ul>
 *   <li>{@code idempotency_keys}: the binding of each key to its request, on the home shard of its
 *       scope ({@link ScopeShards}). Written directly on that shard's primary, outside
 *       ShardingSphere and outside any transaction: each statement commits on its own.
 *   <li>{@code idempotency_answers}: the record of each write with its answer, on the shard the
 *       member lives on, through ShardingSphere (routed by its {@code shard} column) and so inside
 *       the write's transaction.
 * </ul>
 *
 * <p>Times are stored as UTC in {@code DATETIME(6)}: passed as {@link LocalDateTime}, they are
 * written and compared without any time zone conversion by the driver or the server.
 */
@Repository
class ShardedIdempotencyStore implements IdempotencyStore {

  private final JdbcClient jdbc;
  private final List<ShardPrimary> primaries;

  ShardedIdempotencyStore(JdbcClient jdbc, Shards shards) {
    this.jdbc = jdbc;
    this.primaries =
        IntStream.range(0, shards.count())
            .mapToObj(shard -> ShardPrimary.on(shards.primary(shard)))
            .toList();
  }

  /**
   * Inserts the binding, or reads the one already there. A concurrent first binding of the key
   * makes the insert wait for it; the one then read is committed. If the row that made the insert
   * fail is purged before the read (it expired), the insert is tried again.
   */
  @Override
  public Fingerprint bind(IdempotentRequest request, Instant now) {
    JdbcClient home = primaries.get(ScopeShards.homeOf(request.scope(), primaries.size())).jdbc();
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        home.sql(
                """
                INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at)
                VALUES (:scope, :key, :fingerprint, :createdAt)""")
            .param("scope", request.scope().value())
            .param("key", request.key())
            .param("fingerprint", request.fingerprint().sha256())
            .param("createdAt", utc(now))
            .update();
        return request.fingerprint();
      } catch (DuplicateKeyException bound) {
        Optional<String> fingerprint =
            home.sql(
                    """
                    SELECT fingerprint FROM idempotency_keys
                    WHERE scope = :scope AND idempotency_key = :key""")
                .param("scope", request.scope().value())
                .param("key", request.key())
                .query(String.class)
                .optional();
        if (fingerprint.isPresent()) {
          return new Fingerprint(fingerprint.get());
        }
      }
    }
    throw new IllegalStateException("idempotency key " + request.key() + " could not be bound");
  }

  @Override
  public Optional<Recorded> find(IdempotentRequest request) {
    return jdbc.sql(
            """
            SELECT fingerprint, answer FROM idempotency_answers
            WHERE shard = :shard AND scope = :scope AND idempotency_key = :key""")
        .param("shard", request.shard())
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
              INSERT INTO idempotency_answers
                (shard, scope, idempotency_key, fingerprint, created_at)
              VALUES (:shard, :scope, :key, :fingerprint, :createdAt)""")
          .param("shard", request.shard())
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
            WHERE shard = :shard AND scope = :scope AND idempotency_key = :key""")
        .param("answer", answer)
        .param("shard", request.shard())
        .param("scope", request.scope().value())
        .param("key", request.key())
        .update();
  }

  /**
   * Shard by shard, table by table, one {@code DELETE ... LIMIT} each, READ COMMITTED so that it
   * locks the rows it deletes and no gap new keys would be inserted into. A shard that fails does
   * not keep the others from being purged; the failure is reported once all were tried.
   */
  @Override
  public int purgeCreatedBefore(Instant cutoff, int limit) {
    int deleted = 0;
    List<RuntimeException> failures = new ArrayList<>();
    for (ShardPrimary primary : primaries) {
      for (String table : List.of("idempotency_keys", "idempotency_answers")) {
        try {
          deleted += primary.deleteOlder(table, utc(cutoff), limit);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException failed =
          new IllegalStateException(
              "purged " + deleted + " rows; " + failures.size() + " batches failed",
              failures.getFirst());
      failures.stream().skip(1).forEach(failed::addSuppressed);
      throw failed;
    }
    return deleted;
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** One shard's primary, bypassing ShardingSphere. */
  private record ShardPrimary(JdbcClient jdbc, TransactionTemplate readCommitted) {

    static ShardPrimary on(DataSource primary) {
      TransactionTemplate readCommitted =
          new TransactionTemplate(new DataSourceTransactionManager(primary));
      readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
      return new ShardPrimary(JdbcClient.create(primary), readCommitted);
    }

    int deleteOlder(String table, LocalDateTime cutoff, int limit) {
      Integer deleted =
          readCommitted.execute(
              status ->
                  jdbc.sql(
                          "DELETE FROM "
                              + table
                              + " WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit")
                      .param("cutoff", cutoff)
                      .param("limit", limit)
                      .update());
      return deleted == null ? 0 : deleted;
    }
  }
}
