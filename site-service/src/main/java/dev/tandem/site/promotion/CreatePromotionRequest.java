package dev.tandem.site.promotion;

import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.site.web.IdempotencyKey;
import dev.tandem.site.web.StorableInstant;
import dev.tandem.site.web.StorableText;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * {@code POST /api/promotions}. Same rules as {@link CreatePromotion}, checked here to answer 400.
 */
record CreatePromotionRequest(
    @NotBlank @StorableText(max = 200) String title,
    @NotNull @StorableText(max = 2000, multiline = true) String description,
    @NotNull @Pattern(regexp = "BASIC|SILVER|GOLD", message = "must be BASIC, SILVER or GOLD")
        String levelRequired,
    @NotNull @Min(1) @Max(1_000_000) Integer stock,
    @NotNull @StorableInstant Instant startsAt,
    @NotNull @StorableInstant Instant endsAt) {

  @AssertTrue(message = "endsAt must be after startsAt")
  boolean isEndsAtAfterStartsAt() {
    return startsAt == null || endsAt == null || endsAt.isAfter(startsAt);
  }

  /** {@code caller}: the token subject of the operator; the key is theirs. */
  CreatePromotion toCommand(IdempotencyKey key, String caller) {
    return new CreatePromotion(
        key.value(), caller, title, description, levelRequired, stock, startsAt, endsAt);
  }
}
