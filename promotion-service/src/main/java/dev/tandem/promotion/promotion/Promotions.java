package dev.tandem.promotion.promotion;

import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionNotFoundException;
import dev.tandem.promotion.member.MemberClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Creating promotions and finding the ones a member may claim. */
@Service
public class Promotions {

  /** A home page shows a handful; this bounds the work for a member who qualifies for many. */
  static final int ELIGIBLE_LIMIT = 100;

  private final PromotionRepository repository;
  private final IdempotentWrites idempotentWrites;
  private final MemberClient members;
  private final Clock clock;

  Promotions(
      PromotionRepository repository,
      IdempotentWrites idempotentWrites,
      MemberClient members,
      Clock clock) {
    this.repository = repository;
    this.idempotentWrites = idempotentWrites;
    this.members = members;
    this.clock = clock;
  }

  /** The key is the caller's (an operator's): every field of the promotion is the request. */
  public Promotion create(CreatePromotion command) {
    IdempotentRequest request =
        IdempotentRequest.of(
            IdempotencyScope.ofCaller(command.caller()),
            command.idempotencyKey(),
            fingerprintOf(command));
    return idempotentWrites.apply(request, Promotion.class, () -> get(repository.insert(command)));
  }

  static Fingerprint fingerprintOf(CreatePromotion command) {
    return Fingerprint.of("create-promotion")
        .with("title", command.title())
        .with("description", command.description())
        .with("levelRequired", command.levelRequired())
        .with("stock", command.stock())
        .with("startsAt", command.startsAt())
        .with("endsAt", command.endsAt())
        .build();
  }

  public Promotion get(long promotionId) {
    return repository
        .find(promotionId)
        .map(StoredPromotion::toApi)
        .orElseThrow(() -> new PromotionNotFoundException(promotionId));
  }

  /**
   * Running promotions with stock left that the member's level reaches and the member holds no
   * coupon of; none for an unknown member. Fails when member-service cannot tell the level: callers
   * degrade that section.
   */
  public List<Promotion> eligibleFor(long memberId) {
    return members
        .levelOf(memberId)
        .map(
            level -> {
              Instant now = clock.instant();
              return repository
                  .findRunningWithStockNotHeldBy(memberId, now, ELIGIBLE_LIMIT)
                  .stream()
                  .filter(promotion -> promotion.isEligibleAt(now, level))
                  .map(StoredPromotion::toApi)
                  .toList();
            })
        .orElse(List.of());
  }
}
