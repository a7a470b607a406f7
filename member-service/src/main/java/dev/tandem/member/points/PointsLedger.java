package dev.tandem.member.points;

import dev.tandem.member.account.MemberAccount;
import dev.tandem.member.account.MemberAccounts;
import dev.tandem.member.account.MemberChanged;
import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Adds points, once per idempotency key. The key is the caller's: a member adding to their own
 * points binds it on their own shard; an admin's keys are bound on the admin scope's home shard, so
 * an admin who reuses a key for a member on another shard is refused all the same. The member row
 * is locked in the write, so changes to one member run one after another on its shard.
 */
@Service
public class PointsLedger {

  private final MemberAccounts accounts;
  private final IdempotentWrites idempotentWrites;
  private final Shards shards;
  private final ApplicationEventPublisher events;

  PointsLedger(
      MemberAccounts accounts,
      IdempotentWrites idempotentWrites,
      Shards shards,
      ApplicationEventPublisher events) {
    this.accounts = accounts;
    this.idempotentWrites = idempotentWrites;
    this.shards = shards;
    this.events = events;
  }

  /**
   * @throws MemberNotFoundException when no member has the id
   * @throws dev.tandem.member.api.IdempotencyKeyReusedException when the caller used the key for
   *     another request
   */
  public Member addPoints(AddPoints command) {
    long memberId = command.memberId();
    if (!shards.owns(memberId)) {
      throw new MemberNotFoundException(memberId);
    }
    IdempotentRequest request =
        new IdempotentRequest(
            IdempotencyScope.ofCaller(command.caller()),
            command.idempotencyKey(),
            fingerprintOf(command),
            MemberIds.shardOf(memberId));
    return idempotentWrites.apply(
        request,
        Member.class,
        () -> {
          MemberAccount account =
              accounts
                  .findForUpdate(memberId)
                  .orElseThrow(() -> new MemberNotFoundException(memberId));
          MemberAccount updated = account.withPointsAdded(command.points());
          accounts.updatePoints(updated);
          events.publishEvent(new MemberChanged(memberId));
          return updated.toMember();
        });
  }

  static Fingerprint fingerprintOf(AddPoints command) {
    return Fingerprint.of("add-points")
        .with("memberId", command.memberId())
        .with("points", command.points())
        .with("reason", command.reason())
        .build();
  }
}
