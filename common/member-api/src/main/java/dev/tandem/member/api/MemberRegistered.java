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
}
