package dev.tandem.member.api;

/**
 * Members: register, read, add points. Exported over Dubbo by member-service.
 *
 * <p>Cluster policy, per method (consumers configure it on their reference):
 *
 * <ul>
 *   <li>{@link #get}: a read without side effects, so {@code cluster=failover} with 1 retry on
 *       another provider: a provider that dies mid-call costs the caller one retry, not an error.
 *   <li>{@link #register} and {@link #addPoints}: writes, retried with {@code failover} as well,
 *       but only because they are idempotent: each command carries the caller's idempotency key,
 *       the provider records the key with the change in one transaction, and a replay of the key
 *       returns the first result without applying the change again. A write without that guarantee
 *       would have to use {@code failfast}.
 * </ul>
 *
 * <p>member-service exports it with these defaults, which reach consumers through the registry:
 * {@code timeout=3000} ms, {@code cluster=failover}, {@code retries=1}. A consumer that needs other
 * values per method sets them on its reference. One retry, never more: every tier in front (nginx,
 * the gateway, site-service) retries at most once too, so one client request reaches at most 2 × 2
 * × 2 provider attempts, and each is capped at the time its caller still waits.
 *
 * <p>Failures reach the caller as the exceptions of this package; anything else is a fault.
 */
public interface MemberService {

  /**
   * The member, read from its shard's primary when {@code fresh} (the caller must see its own
   * write), otherwise possibly from a replica or the cache.
   *
   * @throws MemberNotFoundException when no member has this id
   */
  Member get(long memberId, boolean fresh) throws MemberNotFoundException;

  /**
   * Registers a member and publishes {@link MemberRegistered} once the registration commits.
   *
   * @throws DuplicateEmailException when another member has the email
   * @throws IdempotencyKeyReusedException when the key was used for a different request
   */
  Member register(RegisterMember command)
      throws DuplicateEmailException, IdempotencyKeyReusedException;

  /**
   * The id of the member with this email and password. Takes as long for an unknown email as for a
   * wrong password.
   *
   * @throws SignInRefusedException when they do not match a member
   */
  long signIn(SignIn command) throws SignInRefusedException;

  /**
   * Adds points (may raise the level).
   *
   * @throws MemberNotFoundException when no member has this id
   * @throws IdempotencyKeyReusedException when the key was used for a different request
   */
  Member addPoints(AddPoints command) throws MemberNotFoundException, IdempotencyKeyReusedException;
}
