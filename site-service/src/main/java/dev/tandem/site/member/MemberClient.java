package dev.tandem.site.member;

import static dev.tandem.site.web.ProviderCalls.call;

import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.MemberService;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.api.SignIn;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.config.annotation.Method;
import org.springframework.stereotype.Component;

/**
 * The one way into member-service. Every call fails over to another provider on error or timeout,
 * once: the retry budget is one retry per tier (nginx, gateway, here, promotion-service), so one
 * client request never multiplies into more than a handful of provider calls. Each attempt's
 * timeout is also capped at what the caller still waits ({@code dev.tandem.platform.deadline}).
 *
 * <ul>
 *   <li>{@code get} is a read: 1 retry, 700 ms per attempt, so that one hung provider plus a full
 *       retry elsewhere (2 × 700 ms) still fit the home page's 1800 ms section budget. (350 ms was
 *       measured too tight: under drill load on 2 cores, healthy providers answered slower.)
 *   <li>{@code register} and {@code addPoints} are writes, and retried all the same because they
 *       are idempotent: the command carries the caller's {@code Idempotency-Key}, the provider
 *       stores it with the change in one transaction, and a replay returns the first result. 2 s
 *       per attempt: a write commits on the shard's primary (and registration publishes to Kafka).
 * </ul>
 *
 * <p>{@code check = false}: site-service starts, and reports ready, before the providers; a call
 * made while none is registered fails with a 503 problem, not the whole service.
 */
@Component
public class MemberClient {

  static final int READ_TIMEOUT_MS = 700;
  static final int WRITE_TIMEOUT_MS = 2_000;

  // Dubbo injects its proxy into the field: the one field injection in Tandem, kept inside the
  // client so that everything else receives the client through its constructor.
  @DubboReference(
      check = false,
      cluster = "failover",
      retries = 1,
      timeout = READ_TIMEOUT_MS,
      methods = {
        @Method(name = "register", retries = 1, timeout = WRITE_TIMEOUT_MS),
        @Method(name = "addPoints", retries = 1, timeout = WRITE_TIMEOUT_MS),
        @Method(name = "signIn", retries = 1, timeout = WRITE_TIMEOUT_MS)
      })
  private MemberService members;

  /**
   * Possibly from a replica. A member registered a moment ago may still be on its way there, so
   * before answering "not found" the primary is asked: a visitor who just registered always finds
   * themselves, and unknown ids (rare) pay one more read.
   */
  public Member get(long memberId) {
    try {
      return call(() -> members.get(memberId, false));
    } catch (MemberNotFoundException notOnReplica) {
      return call(() -> members.get(memberId, true));
    }
  }

  public Member register(RegisterMember command) {
    return call(() -> members.register(command));
  }

  /**
   * The member's id. A bcrypt comparison takes tens of milliseconds, so the write's timeout; one
   * retry elsewhere, as each attempt costs the provider that comparison again.
   */
  public long signIn(SignIn command) {
    return call(() -> members.signIn(command));
  }

  public Member addPoints(AddPoints command) {
    return call(() -> members.addPoints(command));
  }
}
