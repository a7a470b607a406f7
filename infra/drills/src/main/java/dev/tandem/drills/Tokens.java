package dev.tandem.drills;

import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The load's access tokens, minted from the cluster's keys ({@code TANDEM_JWT_*} of {@code ./tandem
 * env}) as site-service mints a member's at sign-in: an operator's to create promotions, and each
 * member's own for what only that member may do. A token is minted once per subject and again
 * shortly before it expires, so a long drill never sends one that lapses on the way.
 */
public final class Tokens {

  /** The longest the launcher lets a token live: what {@code ./tandem rotate-keys} waits out. */
  private static final Duration LIFETIME = KeyDirectory.MAX_TOKEN_LIFETIME;

  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

  private final TokenMinter minter;
  private final Clock clock;
  private final Map<String, TokenMinter.Minted> bySubject = new ConcurrentHashMap<>();

  Tokens(TokenMinter minter, Clock clock) {
    this.minter = minter;
    this.clock = clock;
  }

  public static Tokens from(Map<String, String> env) {
    Clock clock = Clock.systemUTC();
    return new Tokens(
        new TokenMinter(
            KeyDirectory.at(Path.of(required(env, "TANDEM_JWT_KEYS"))),
            required(env, "TANDEM_JWT_ISSUER"),
            required(env, "TANDEM_JWT_AUDIENCE"),
            clock),
        clock);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "./tandem env has no "
              + name
              + ": run ./tandem up with this checkout's launcher, which makes the cluster's keys");
    }
    return value;
  }

  /** An operator's token: creating promotions. */
  public String admin() {
    return fresh(TokenMinter.ADMIN_SUBJECT, () -> minter.admin(LIFETIME));
  }

  /** The member's own token: their home, points and claims. */
  public String member(String memberId) {
    return fresh(memberId, () -> minter.member(Long.parseLong(memberId), LIFETIME));
  }

  private String fresh(String subject, Supplier<TokenMinter.Minted> mint) {
    return bySubject
        .compute(
            subject,
            (key, held) ->
                held == null
                        || held.expiresAt().minus(RENEW_BEFORE_EXPIRY).isBefore(clock.instant())
                    ? mint.get()
                    : held)
        .token();
  }
}
