package dev.tandem.platform.idempotency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A store for unit tests of the rules in {@link IdempotentWrites}, not a stand-in for a database:
 * bindings are committed at once; records are written in a transaction of {@link #transactions()}
 * and vanish when it rolls back. Records are kept per shard, bindings in one place, as a sharded
 * service keeps them. The integration tests run the real stores against MariaDB.
 */
class InMemoryIdempotencyStore implements IdempotencyStore {

  record Row(Fingerprint fingerprint, String answer, Instant createdAt) {}

  final Map<String, Row> bindings = new HashMap<>();
  final Map<Integer, Map<String, Row>> records = new HashMap<>();
  private Map<Integer, Map<String, Row>> pending;

  /** Requests whose twin commits its record just before this store's next reserve of them. */
  private final List<TwinFirst> twins = new ArrayList<>();

  record TwinFirst(IdempotentRequest request, String answer) {}

  void twinCommitsFirst(IdempotentRequest request, String answer) {
    twins.add(new TwinFirst(request, answer));
  }

  /** A twin that wins the race every time, but never gets to commit a record (it crashed). */
  void twinKeepsWinning(IdempotentRequest request) {
    for (int i = 0; i < 10; i++) {
      twins.add(new TwinFirst(request, null));
    }
  }

  TransactionOperations transactions() {
    return new TransactionOperations() {
      @Override
      public <T> T execute(TransactionCallback<T> action) {
        pending = new HashMap<>();
        try {
          T result = action.doInTransaction(new SimpleTransactionStatus());
          pending.forEach((shard, rows) -> records(shard).putAll(rows));
          return result;
        } finally {
          pending = null;
        }
      }
    };
  }

  Optional<Row> committedRecord(int shard, IdempotentRequest request) {
    return Optional.ofNullable(records(shard).get(id(request)));
  }

  @Override
  public Fingerprint bind(IdempotentRequest request, Instant now) {
    return bindings
        .computeIfAbsent(id(request), id -> new Row(request.fingerprint(), null, now))
        .fingerprint();
  }

  @Override
  public Optional<Recorded> find(IdempotentRequest request) {
    requireTransaction();
    Row row = records(request.shard()).get(id(request));
    return Optional.ofNullable(row).map(r -> new Recorded(r.fingerprint(), r.answer()));
  }

  @Override
  public void reserve(IdempotentRequest request, Instant now) {
    requireTransaction();
    for (TwinFirst twin : twins) {
      if (twin.request().equals(request)) {
        twins.remove(twin);
        if (twin.answer() != null) {
          records(request.shard())
              .put(id(request), new Row(request.fingerprint(), twin.answer(), now));
        }
        throw new ConcurrentUseException(request.key(), null);
      }
    }
    if (records(request.shard()).containsKey(id(request))) {
      throw new ConcurrentUseException(request.key(), null);
    }
    pending
        .computeIfAbsent(request.shard(), shard -> new HashMap<>())
        .put(id(request), new Row(request.fingerprint(), null, now));
  }

  @Override
  public void saveAnswer(IdempotentRequest request, String answer) {
    requireTransaction();
    Map<String, Row> rows = pending.get(request.shard());
    Row reserved = rows.get(id(request));
    rows.put(id(request), new Row(reserved.fingerprint(), answer, reserved.createdAt()));
  }

  @Override
  public int purgeCreatedBefore(Instant cutoff, int limit) {
    int deleted = purge(bindings, cutoff, limit);
    for (Map<String, Row> rows : records.values()) {
      deleted += purge(rows, cutoff, limit);
    }
    return deleted;
  }

  private static int purge(Map<String, Row> rows, Instant cutoff, int limit) {
    List<String> expired =
        rows.entrySet().stream()
            .filter(row -> row.getValue().createdAt().isBefore(cutoff))
            .map(Map.Entry::getKey)
            .limit(limit)
            .toList();
    expired.forEach(rows::remove);
    return expired.size();
  }

  private Map<String, Row> records(int shard) {
    return records.computeIfAbsent(shard, s -> new HashMap<>());
  }

  private void requireTransaction() {
    if (pending == null) {
      throw new IllegalStateException("records are read and written in the write's transaction");
    }
  }

  private static String id(IdempotentRequest request) {
    return request.scope().value() + "\n" + request.key();
  }
}
