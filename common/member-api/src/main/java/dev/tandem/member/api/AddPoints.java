package dev.tandem.member.api;

import dev.tandem.constraints.StorableText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/**
 * Add points to a member. A replay of {@code idempotencyKey} by the same {@code caller} returns the
 * first result; the same key with other points, reason or member is refused ({@link
 * IdempotencyKeyReusedException}), whichever shard the member lives on.
 *
 * @param caller the subject of the token the request came with (the member's id, or {@code admin}):
 *     keys are the caller's own. {@code null} from consumers older than this component; their keys
 *     share one scope.
 */
public record AddPoints(
    @NotBlank @Size(max = 100) String idempotencyKey,
    @Size(max = 255) String caller,
    long memberId,
    @NotNull @Min(1) @Max(1_000_000) Integer points,
    @NotBlank @StorableText(max = 200) String reason)
    implements Serializable {}
