package dev.tandem.member.signin;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashes: bcrypt through Spring Security's crypto, the cost set by {@code
 * tandem.member.passwords.bcrypt-strength} (each step doubles the work of every guess).
 *
 * <p>A check against no hash still runs one bcrypt comparison, against a hash made at start-up for
 * that purpose, so an unknown email takes as long to refuse as a wrong password.
 */
@Component
public class Passwords {

  private final BCryptPasswordEncoder encoder;
  private final String decoy;

  Passwords(@Value("${tandem.member.passwords.bcrypt-strength:10}") int strength) {
    this.encoder = new BCryptPasswordEncoder(strength);
    this.decoy = encoder.encode("decoy password that no member has");
  }

  public String hash(String password) {
    return encoder.encode(password);
  }

  /** Whether the password matches the hash; false when there is no hash, in the same time. */
  public boolean matches(String password, String hash) {
    boolean matches = encoder.matches(password, hash == null ? decoy : hash);
    return hash != null && matches;
  }
}
