package dev.tandem.promotion.api;

import dev.tandem.constraints.StorableInstant;
import dev.tandem.constraints.StorableText;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.time.Instant;

/**
 * Create a promotion. A replay of {@code idempotencyKey} by the same {@code caller} returns the
 * first result; the same key with any other field is refused ({@link
 * IdempotencyKeyReusedException}).
 *
 * @param caller the subject of the token the request came with (an operator's): keys are the
 *     caller's own. {@code null} from consumers older than this component; their keys share one
 *     scope.
 */
public record CreatePromotion(
    @NotBlank @Size(max = 100) String idempotencyKey,
    @Size(max = 255) String caller,
    @NotBlank @StorableText(max = 200) String title,
    @NotNull @StorableText(max = 2000, multiline = true) String description,
    @NotNull @Pattern(regexp = "BASIC|SILVER|GOLD", message = "must be BASIC, SILVER or GOLD")
        String levelRequired,
    @NotNull @Min(1) @Max(1_000_000) Integer stock,
    @NotNull @StorableInstant Instant startsAt,
    @NotNull @StorableInstant Instant endsAt)
    implements Serializable {

  @AssertTrue(message = "endsAt must be after startsAt")
  public boolean isEndsAtAfterStartsAt() {
    return startsAt == null || endsAt == null || endsAt.isAfter(startsAt);
  }
}
