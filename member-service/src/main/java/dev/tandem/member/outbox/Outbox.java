package dev.tandem.member.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.MemberRegistered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes events into the outbox in the caller's transaction: the event exists exactly when the
 * change it reports committed. {@link OutboxRelay} publishes it afterwards.
 */
@Repository
public class Outbox {

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final OutboxSettings settings;

  public Outbox(JdbcClient jdbc, ObjectMapper json, OutboxSettings settings) {
    this.jdbc = jdbc;
    this.json = json;
    this.settings = settings;
  }

  /**
   * Adds the event, keyed by member id so a member's events stay in order on one partition. Its
   * {@code eventId} must come from {@code MemberIds} on the member's shard: it is the row's key and
   * routes the row to the member's shard.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void add(MemberRegistered event) {
    jdbc.sql(
            """
            INSERT INTO member_outbox (event_id, topic, event_key, payload)
            VALUES (:eventId, :topic, :key, :payload)""")
        .param("eventId", Long.parseLong(event.eventId()))
        .param("topic", settings.topic())
        .param("key", Long.toString(event.memberId()))
        .param("payload", write(event))
        .update();
  }

  private String write(MemberRegistered event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + event + " as JSON", e);
    }
  }
}
