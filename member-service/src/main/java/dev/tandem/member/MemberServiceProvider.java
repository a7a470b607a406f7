package dev.tandem.member;

import dev.tandem.member.account.MemberReader;
import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberService;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.api.SignIn;
import dev.tandem.member.points.PointsLedger;
import dev.tandem.member.registration.Registrations;
import dev.tandem.member.signin.Passwords;
import dev.tandem.member.signin.SignIns;
import org.apache.dubbo.config.annotation.DubboService;

/**
 * MemberService over Dubbo. The provider's defaults travel to consumers through the registry: a
 * call times out after 3 s, and failover retries it on another instance once, which is safe for
 * writes only because they are idempotent (see {@link MemberService}).
 *
 * <p>Commands arrive checked against the constraints their records carry, the password policy
 * included: Dubbo's validation does it before a call reaches this class (the platform's {@code
 * dev.tandem.platform.contract}).
 */
@DubboService(timeout = 3_000, cluster = "failover", retries = 1)
class MemberServiceProvider implements MemberService {

  private final MemberReader reader;
  private final Registrations registrations;
  private final PointsLedger points;
  private final SignIns signIns;
  private final Passwords passwords;

  MemberServiceProvider(
      MemberReader reader,
      Registrations registrations,
      PointsLedger points,
      SignIns signIns,
      Passwords passwords) {
    this.reader = reader;
    this.registrations = registrations;
    this.points = points;
    this.signIns = signIns;
    this.passwords = passwords;
  }

  @Override
  public Member get(long memberId, boolean fresh) {
    return reader.get(memberId, fresh);
  }

  @Override
  public Member register(RegisterMember command) {
    String passwordHash = passwords.hash(command.password());
    return registrations.register(command, passwordHash);
  }

  @Override
  public long signIn(SignIn command) {
    return signIns.signIn(command);
  }

  @Override
  public Member addPoints(AddPoints command) {
    return points.addPoints(command);
  }
}
