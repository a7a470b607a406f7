package dev.tandem.member.outbox;

import dev.tandem.member.shard.Shards;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka and marks them sent: at least once, since a crash
 * between the send and the mark sends the row again on the next pass (consumers dedupe by event
 * id).
 *
 * <p>Every instance runs a relay. Each pass works shard by shard, directly on the shard's primary,
 * in one transaction that locks the rows it takes with {@code FOR UPDATE SKIP LOCKED}: concurrent
 * relays take disjoint rows instead of sending the same ones, and a relay that dies mid-pass
 * releases its rows when its connection drops.
 *
 * <p>The transaction runs READ COMMITTED: under InnoDB's default REPEATABLE READ the locking read
 * also locks the gap after the last pending row, so every registration's outbox insert waited for
 * the pass, which waits for Kafka. The kafka-leader-kill drill measured 3.5-4.8 s registrations
 * (and failures) that way; Kafka's failover must not reach users.
 */
@Component
public class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final List<ShardOutbox> outboxes;
  private final KafkaTemplate<String, String> kafka;
  private final OutboxSettings settings;

  public OutboxRelay(Shards shards, KafkaTemplate<String, String> kafka, OutboxSettings settings) {
    this.outboxes =
        IntStream.range(0, shards.count())
            .mapToObj(shard -> ShardOutbox.on(shards.primary(shard)))
            .toList();
    this.kafka = kafka;
    this.settings = settings;
  }

  @Scheduled(fixedDelayString = "${tandem.member.outbox.relay-interval}")
  void relayPending() {
    for (int shard = 0; shard < outboxes.size(); shard++) {
      try {
        relay(shard);
      } catch (RuntimeException e) {
        log.warn("outbox relay on shard {} failed, retrying next pass: {}", shard, e.toString());
      }
    }
  }

  /** Sends one batch of shard {@code shard}'s pending events; returns how many it sent. */
  int relay(int shard) {
    ShardOutbox outbox = outboxes.get(shard);
    JdbcClient jdbc = outbox.jdbc();
    Integer sent =
        outbox
            .transactions()
            .execute(
                status -> {
                  List<PendingEvent> pending =
                      jdbc.sql(
                              """
                          SELECT event_id, topic, event_key, payload FROM member_outbox
                          WHERE sent_at IS NULL ORDER BY event_id LIMIT :limit
                          FOR UPDATE SKIP LOCKED""")
                          .param("limit", settings.batchSize())
                          .query(PendingEvent.class)
                          .list();
                  if (pending.isEmpty()) {
                    return 0;
                  }
                  awaitAll(pending.stream().map(this::send).toList());
                  jdbc.sql("UPDATE member_outbox SET sent_at = NOW(6) WHERE event_id IN (:ids)")
                      .param("ids", pending.stream().map(PendingEvent::eventId).toList())
                      .update();
                  return pending.size();
                });
    return sent == null ? 0 : sent;
  }

  private CompletableFuture<?> send(PendingEvent event) {
    return kafka.send(event.topic(), event.eventKey(), event.payload());
  }

  private void awaitAll(List<CompletableFuture<?>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge every event", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending events", e);
    }
  }

  record PendingEvent(long eventId, String topic, String eventKey, String payload) {}

  /** One shard's primary, bypassing ShardingSphere: a pass must lock rows on that shard only. */
  private record ShardOutbox(JdbcClient jdbc, TransactionTemplate transactions) {
    static ShardOutbox on(DataSource primary) {
      TransactionTemplate transactions =
          new TransactionTemplate(new DataSourceTransactionManager(primary));
      transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
      return new ShardOutbox(JdbcClient.create(primary), transactions);
    }
  }
}
