package dev.tandem.member;

import dev.tandem.member.account.MemberReader;
import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberService;
import dev.tandem.member.api.PasswordPolicy;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.api.SignIn;
import dev.tandem.member.points.PointsLedger;
import dev.tandem.member.registration.Registrations;
import dev.tandem.member.signin.Passwords;
import dev.tandem.member.signin.SignIns;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.dubbo.config.annotation.DubboService;

/**
 * MemberService over Dubbo. The provider's defaults travel to consumers through the registry: a
 * call times out after 3 s, and failover retries it on another instance once, which is safe for
 * writes only because they are idempotent (see {@link MemberService}).
 */
@DubboService(timeout = 3_000, cluster = "failover", retries = 1)
class MemberServiceProvider implements MemberService {

  private final MemberReader reader;
  private final Registrations registrations;
  private final PointsLedger points;
  private final SignIns signIns;
  private final Passwords passwords;
  private final Validator validator;

  MemberServiceProvider(
      MemberReader reader,
      Registrations registrations,
      PointsLedger points,
      SignIns signIns,
      Passwords passwords,
      Validator validator) {
    this.reader = reader;
    this.registrations = registrations;
    this.points = points;
    this.signIns = signIns;
    this.passwords = passwords;
    this.validator = validator;
  }

  @Override
  public Member get(long memberId, boolean fresh) {
    return reader.get(memberId, fresh);
  }

  @Override
  public Member register(RegisterMember command) {
    validate(command);
    PasswordPolicy.violation(command.password(), command.name(), command.email())
        .ifPresent(
            violation -> {
              throw new IllegalArgumentException("password " + violation);
            });
    String passwordHash = passwords.hash(command.password());
    return registrations.register(command, passwordHash);
  }

  @Override
  public long signIn(SignIn command) {
    validate(command);
    return signIns.signIn(command);
  }

  @Override
  public Member addPoints(AddPoints command) {
    validate(command);
    return points.addPoints(command);
  }

  /** Rejects an invalid command with a message the consumer can show (violations don't travel). */
  private <T> void validate(T command) {
    Set<ConstraintViolation<T>> violations = validator.validate(command);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          violations.stream()
              .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
              .sorted()
              .collect(Collectors.joining(", ")));
    }
  }
}
