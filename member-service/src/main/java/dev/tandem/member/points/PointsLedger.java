package dev.tandem.member.points;

import dev.tandem.member.account.MemberAccount;
import dev.tandem.member.account.MemberAccounts;
import dev.tandem.member.account.MemberChanged;
import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.idempotency.Fingerprint;
import dev.tandem.member.idempotency.IdempotencyRecords;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds points, once per idempotency key. The member row is locked first, so changes to one member
 * (and replays of one key) run one after another on the member's shard.
 */
@Service
public class PointsLedger {

  private final MemberAccounts accounts;
  private final IdempotencyRecords idempotency;
  private final Shards shards;
  private final ApplicationEventPublisher events;

  PointsLedger(
      MemberAccounts accounts,
      IdempotencyRecords idempotency,
      Shards shards,
      ApplicationEventPublisher events) {
    this.accounts = accounts;
    this.idempotency = idempotency;
    this.shards = shards;
    this.events = events;
  }

  /**
   * @throws MemberNotFoundException when no member has the id
   * @throws dev.tandem.member.api.IdempotencyKeyReusedException when the key was used differently
   * @throws dev.tandem.member.idempotency.KeyAlreadyRecordedException when a concurrent request
   *     with the same key won: run again to replay it
   */
  @Transactional
  public Member addPoints(AddPoints command) {
    long memberId = command.memberId();
    if (!shards.owns(memberId)) {
      throw new MemberNotFoundException(memberId);
    }
    int shard = MemberIds.shardOf(memberId);
    String fingerprint = Fingerprint.of("add-points", memberId, command.points(), command.reason());

    MemberAccount account =
        accounts.findForUpdate(memberId).orElseThrow(() -> new MemberNotFoundException(memberId));
    Optional<Member> replayed = idempotency.replay(shard, command.idempotencyKey(), fingerprint);
    if (replayed.isPresent()) {
      return replayed.get();
    }

    MemberAccount updated = account.withPointsAdded(command.points());
    idempotency.record(shard, command.idempotencyKey(), fingerprint, updated.toMember());
    accounts.updatePoints(updated);
    events.publishEvent(new MemberChanged(memberId));
    return updated.toMember();
  }
}
