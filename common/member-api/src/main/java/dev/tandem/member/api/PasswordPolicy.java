package dev.tandem.member.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a member's password must be. site-service checks it to answer 400 naming the field;
 * member-service checks it again because it is the one that stores the hash.
 *
 * <p>At least {@value #MIN_LENGTH} characters (length is what makes a password hard to guess, NIST
 * SP 800-63B), at most {@value #MAX_LENGTH} characters and {@value #MAX_BYTES} UTF-8 bytes (bcrypt
 * reads no further), and it may not contain the member's own email name or a word of their name.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 64;
  public static final int MAX_BYTES = 72;

  /** Parts of a name or email shorter than this are too common to refuse a password for. */
  private static final int SHORTEST_PART = 3;

  private PasswordPolicy() {}

  /** Why the password is refused, or empty when it is acceptable. */
  public static Optional<String> violation(String password, String name, String email) {
    if (password == null) {
      return Optional.of("must not be null");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      return Optional.of("must have between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("must not be longer than " + MAX_BYTES + " bytes in UTF-8");
    }
    String folded = password.toLowerCase(Locale.ROOT);
    if (email != null) {
      int at = email.indexOf('@');
      String local = (at < 0 ? email : email.substring(0, at)).toLowerCase(Locale.ROOT);
      if (local.length() >= SHORTEST_PART && folded.contains(local)) {
        return Optional.of("must not contain your email address");
      }
    }
    if (name != null) {
      for (String word : name.toLowerCase(Locale.ROOT).split("[\\s\\p{Punct}]+")) {
        if (word.length() >= SHORTEST_PART && folded.contains(word)) {
          return Optional.of("must not contain your name");
        }
      }
    }
    return Optional.empty();
  }
}
