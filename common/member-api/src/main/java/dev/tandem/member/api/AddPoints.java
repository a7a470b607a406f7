package dev.tandem.member.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/** Add points to a member. A replay of {@code idempotencyKey} returns the first result. */
public record AddPoints(
    @NotBlank @Size(max = 100) String idempotencyKey,
    long memberId,
    @Min(1) @Max(1_000_000) int points,
    @NotBlank @Size(max = 200) String reason)
    implements Serializable {}
