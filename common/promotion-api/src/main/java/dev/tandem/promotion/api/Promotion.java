package dev.tandem.promotion.api;

import java.io.Serializable;
import java.time.Instant;

/** A promotion and the coupons it has left. {@code levelRequired} is a member level name. */
public record Promotion(
    long id,
    String title,
    String description,
    String levelRequired,
    int stock,
    int remaining,
    Instant startsAt,
    Instant endsAt)
    implements Serializable {}
