package dev.tandem.site.promotion;

import dev.tandem.promotion.api.Promotion;
import java.time.Instant;

/** A promotion as the HTTP API shows it, with the coupons it has left in {@code remaining}. */
public record PromotionView(
    String id,
    String title,
    String description,
    String levelRequired,
    int stock,
    int remaining,
    Instant startsAt,
    Instant endsAt) {

  public static PromotionView of(Promotion promotion) {
    return new PromotionView(
        Long.toString(promotion.id()),
        promotion.title(),
        promotion.description(),
        promotion.levelRequired(),
        promotion.stock(),
        promotion.remaining(),
        promotion.startsAt(),
        promotion.endsAt());
  }
}
