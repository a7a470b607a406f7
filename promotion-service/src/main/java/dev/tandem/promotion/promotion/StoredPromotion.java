package dev.tandem.promotion.promotion;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionNotActiveException;
import java.time.Instant;

/**
 * A promotion as MySQL holds it, with the rules that decide who may take its coupons. Stock is the
 * exception: it is decided by a conditional update in MySQL, where concurrent claims meet.
 */
public record StoredPromotion(
    long id,
    String title,
    String description,
    MemberLevel levelRequired,
    int stock,
    int remaining,
    Instant startsAt,
    Instant endsAt,
    long version) {

  /** Running from {@code startsAt} (inclusive) to {@code endsAt} (exclusive). */
  public boolean isRunningAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  public void requireRunningAt(Instant now) {
    if (!isRunningAt(now)) {
      throw new PromotionNotActiveException(id);
    }
  }

  /** Whether a member of {@code level} may take this promotion's coupons. */
  public boolean admits(MemberLevel level) {
    return level.reaches(levelRequired);
  }

  public boolean isEligibleAt(Instant now, MemberLevel level) {
    return isRunningAt(now) && remaining > 0 && admits(level);
  }

  public Promotion toApi() {
    return new Promotion(
        id, title, description, levelRequired.name(), stock, remaining, startsAt, endsAt);
  }
}
