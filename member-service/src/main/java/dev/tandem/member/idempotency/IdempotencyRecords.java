package dev.tandem.member.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.IdempotencyKeyReusedException;
import dev.tandem.member.api.Member;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The idempotency keys of applied writes, each with the fingerprint of its request and the response
 * it got. A record is written on the shard of the change it guards and in the same transaction, so
 * a key is recorded if and only if its change committed. The key is the table's primary key: of two
 * concurrent requests with one key, the second waits for the first and then fails on the key, never
 * applying the change twice.
 *
 * <p>Keys are unique per shard: a key reused for a request that lands on the other shard is not
 * recognised as reuse (it behaves as a new key would). Callers send a fresh key per intent.
 */
@Repository
public class IdempotencyRecords {

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public IdempotencyRecords(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * The stored response when {@code key} was already applied to the same request, empty when the
   * key is new. A concurrent first use of the key may still be in flight: {@link #record} then
   * fails on the key once that one commits.
   *
   * @throws IdempotencyKeyReusedException when the key was applied to another request
   */
  public Optional<Member> replay(int shard, String key, String fingerprint) {
    return jdbc.sql(
            """
            SELECT fingerprint, response FROM idempotency_records
            WHERE shard = :shard AND idempotency_key = :key""")
        .param("shard", shard)
        .param("key", key)
        .query(
            (row, n) -> {
              if (!row.getString("fingerprint").equals(fingerprint)) {
                throw new IdempotencyKeyReusedException(key);
              }
              return read(row.getString("response"));
            })
        .optional();
  }

  /**
   * Records the key with the response of the change made in the current transaction.
   *
   * @throws KeyAlreadyRecordedException when a concurrent request with the same key committed
   *     first: run the request again, and {@link #replay} answers
   */
  public void record(int shard, String key, String fingerprint, Member response) {
    try {
      insert(shard, key, fingerprint, response);
    } catch (DuplicateKeyException e) {
      throw new KeyAlreadyRecordedException(key, e);
    }
  }

  private void insert(int shard, String key, String fingerprint, Member response) {
    jdbc.sql(
            """
            INSERT INTO idempotency_records (shard, idempotency_key, fingerprint, response)
            VALUES (:shard, :key, :fingerprint, :response)""")
        .param("shard", shard)
        .param("key", key)
        .param("fingerprint", fingerprint)
        .param("response", write(response))
        .update();
  }

  private String write(Member member) {
    try {
      return json.writeValueAsString(member);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a member as JSON", e);
    }
  }

  private Member read(String response) {
    try {
      return json.readValue(response, Member.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored response is not a member: " + response, e);
    }
  }
}
