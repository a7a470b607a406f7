package dev.tandem.member.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * Published to Kafka topic {@link #TOPIC}, keyed by member id, once a registration commits.
 * Delivered at least once: consumers use {@code eventId} (or the member id) to apply it once.
 */
public record MemberRegistered(
    String eventId, long memberId, String name, String email, Instant registeredAt)
    implements Serializable {

  public static final String TOPIC = "member.registered";

  /**
   * Partitions of {@link #TOPIC}. Producer and consumer both declare the topic with this count, so
   * whichever starts first creates it as intended (a consumer that subscribes to a missing topic
   * must not let the broker create it with its defaults).
   */
  public static final int PARTITIONS = 6;
}
