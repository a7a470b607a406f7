package dev.tandem.site.promotion;

import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.site.web.IdempotencyKey;
import java.time.Instant;

/**
 * {@code POST /api/promotions}: the body's shape. Its rules are {@link CreatePromotion}'s, checked
 * on the command before it is sent.
 */
record CreatePromotionRequest(
    String title,
    String description,
    String levelRequired,
    Integer stock,
    Instant startsAt,
    Instant endsAt) {

  /** {@code caller}: the token subject of the operator; the key is theirs. */
  CreatePromotion toCommand(IdempotencyKey key, String caller) {
    return new CreatePromotion(
        key.value(), caller, title, description, levelRequired, stock, startsAt, endsAt);
  }
}
