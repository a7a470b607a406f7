package dev.tandem.member.signin;

import dev.tandem.member.api.SignIn;
import dev.tandem.member.api.SignInRefusedException;
import dev.tandem.member.shard.EmailShards;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Checks a member's email and password. Every refusal is the same exception after the same work
 * (one bcrypt comparison), whether the email is unknown, has no password, or the password is wrong.
 * Throttling repeated failures is the caller's part (site-service knows the client address).
 */
@Service
public class SignIns {

  private final Credentials credentials;
  private final Passwords passwords;

  SignIns(Credentials credentials, Passwords passwords) {
    this.credentials = credentials;
    this.passwords = passwords;
  }

  /**
   * @throws SignInRefusedException when the email and password do not match a member
   */
  public long signIn(SignIn command) {
    Optional<Credentials.Credential> credential =
        credentials.of(EmailShards.normalize(command.email()));
    String hash = credential.map(Credentials.Credential::passwordHash).orElse(null);
    if (!passwords.matches(command.password(), hash)) {
      throw new SignInRefusedException();
    }
    return credential.orElseThrow().memberId();
  }
}
