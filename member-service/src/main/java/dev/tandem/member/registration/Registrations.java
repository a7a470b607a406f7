package dev.tandem.member.registration;

import dev.tandem.member.account.MemberAccount;
import dev.tandem.member.account.MemberAccounts;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberRegistered;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.outbox.Outbox;
import dev.tandem.member.shard.EmailShards;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.idempotency.IdempotentWrites;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * Registers members. Everything a registration writes goes to the email's shard in one local
 * transaction: the idempotency record, the email claim, the member, and the MemberRegistered event
 * in the outbox. So a registration is either all there or not at all, and the event is published if
 * and only if the registration committed. The key is scoped by the email, whose home is that same
 * shard ({@link dev.tandem.member.shard.ScopeShards}): a registration touches that shard only (the
 * key's binding commits first, then the registration).
 */
@Service
public class Registrations {

  private final IdempotentWrites idempotentWrites;
  private final EmailClaims emails;
  private final MemberAccounts accounts;
  private final Outbox outbox;
  private final MemberIds ids;
  private final Shards shards;
  private final Clock clock;

  Registrations(
      IdempotentWrites idempotentWrites,
      EmailClaims emails,
      MemberAccounts accounts,
      Outbox outbox,
      MemberIds ids,
      Shards shards,
      Clock clock) {
    this.idempotentWrites = idempotentWrites;
    this.emails = emails;
    this.accounts = accounts;
    this.outbox = outbox;
    this.ids = ids;
    this.shards = shards;
    this.clock = clock;
  }

  /**
   * Registers the member with {@code passwordHash}, hashed by the caller outside this transaction
   * (bcrypt takes tens of milliseconds: no locks are held meanwhile).
   *
   * @throws dev.tandem.member.api.DuplicateEmailException when another member has the email
   * @throws dev.tandem.member.api.IdempotencyKeyReusedException when the key was used for this
   *     email with another name or phone
   */
  public Member register(RegisterMember command, String passwordHash) {
    String email = EmailShards.normalize(command.email());
    int shard = EmailShards.shardOf(email, shards.count());
    IdempotentRequest request =
        new IdempotentRequest(
            IdempotencyScope.ofEmail(email),
            command.idempotencyKey(),
            fingerprintOf(command),
            shard);
    return idempotentWrites.apply(
        request,
        Member.class,
        () -> {
          MemberAccount account =
              MemberAccount.open(ids.next(shard), command.name(), email, command.phone());
          emails.claim(email, account.id(), passwordHash);
          accounts.insert(account);
          outbox.add(
              new MemberRegistered(Long.toString(ids.next(shard)), account.id(), clock.instant()));
          return account.toMember();
        });
  }

  /**
   * What a registration asks for: name, email and phone. Not the password: a fingerprint is a plain
   * digest kept for a day, and the digest of a password would be an unsalted hash of it. A replay
   * with another password therefore replays the first registration, which keeps its own.
   */
  static Fingerprint fingerprintOf(RegisterMember command) {
    return Fingerprint.of("register-member")
        .with("name", command.name())
        .with("email", EmailShards.normalize(command.email()))
        .with("phone", command.phone())
        .build();
  }
}
