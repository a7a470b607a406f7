package dev.tandem.member.registration;

import dev.tandem.member.account.MemberAccount;
import dev.tandem.member.account.MemberAccounts;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberRegistered;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.idempotency.Fingerprint;
import dev.tandem.member.idempotency.IdempotencyRecords;
import dev.tandem.member.outbox.Outbox;
import dev.tandem.member.shard.EmailShards;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers members. Everything a registration writes goes to the email's shard in one local
 * transaction: the idempotency record, the email claim, the member, and the MemberRegistered event
 * in the outbox. So a registration is either all there or not at all, and the event is published if
 * and only if the registration committed.
 */
@Service
public class Registrations {

  private final IdempotencyRecords idempotency;
  private final EmailClaims emails;
  private final MemberAccounts accounts;
  private final Outbox outbox;
  private final MemberIds ids;
  private final Shards shards;
  private final Clock clock;

  Registrations(
      IdempotencyRecords idempotency,
      EmailClaims emails,
      MemberAccounts accounts,
      Outbox outbox,
      MemberIds ids,
      Shards shards,
      Clock clock) {
    this.idempotency = idempotency;
    this.emails = emails;
    this.accounts = accounts;
    this.outbox = outbox;
    this.ids = ids;
    this.shards = shards;
    this.clock = clock;
  }

  /**
   * Registers the member with {@code passwordHash}, hashed by the caller outside this transaction
   * (bcrypt takes tens of milliseconds: no locks are held meanwhile). The password takes no part in
   * the request's fingerprint: a fingerprint is a plain digest, and a digest of a password stored
   * next to the account would be an unsalted hash of it.
   *
   * @throws dev.tandem.member.api.DuplicateEmailException when another member has the email
   * @throws dev.tandem.member.api.IdempotencyKeyReusedException when the key was used differently
   * @throws dev.tandem.member.idempotency.KeyAlreadyRecordedException when a concurrent request
   *     with the same key won: run again to replay it
   */
  @Transactional
  public Member register(RegisterMember command, String passwordHash) {
    String email = EmailShards.normalize(command.email());
    int shard = EmailShards.shardOf(email, shards.count());
    String fingerprint = Fingerprint.of("register", command.name(), email, command.phone());
    Optional<Member> replayed = idempotency.replay(shard, command.idempotencyKey(), fingerprint);
    if (replayed.isPresent()) {
      return replayed.get();
    }

    MemberAccount account =
        MemberAccount.open(ids.next(shard), command.name(), email, command.phone());
    Member member = account.toMember();
    // The key first: a concurrent request with the same key then waits here, not on the email.
    idempotency.record(shard, command.idempotencyKey(), fingerprint, member);
    emails.claim(email, account.id(), passwordHash);
    accounts.insert(account);
    outbox.add(new MemberRegistered(Long.toString(ids.next(shard)), account.id(), clock.instant()));
    return member;
  }
}
