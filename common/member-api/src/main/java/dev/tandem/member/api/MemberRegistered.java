package dev.tandem.member.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * Published to Kafka topic {@link #TOPIC}, keyed by member id, once a registration commits.
 * Delivered at least once: consumers use {@code eventId} (or the member id) to apply it once.
 *
 * <p>Ids only, no name, email or phone: a topic is copied, retained and read by teams that have no
 * business with personal data, and cannot forget it on request. A consumer that needs more asks
 * member-service, which checks who is asking. Events written before this change still carry {@code
 * name} and {@code email}; consumers ignore fields they do not know.
 */
public record MemberRegistered(String eventId, long memberId, Instant registeredAt)
    implements Serializable {

  public static final String TOPIC = "member.registered";

  /**
   * Partitions of {@link #TOPIC}. Producer and consumer both declare the topic with this count, so
   * whichever starts first creates it as intended (a consumer that subscribes to a missing topic
   * must not let the broker create it with its defaults).
   */
  public static final int PARTITIONS = 6;
}
