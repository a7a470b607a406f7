package dev.tandem.site.security;

import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Real tokens for slice tests, signed with a key directory of their own, the one {@link
 * SecuredSlice} points the service at: requests go through the real filter chain and decoder.
 */
public final class TestTokens {

  public static final String ISSUER = "urn:tandem:test";
  public static final String AUDIENCE = "tandem-api";

  static final Path KEYS = Path.of(System.getProperty("java.io.tmpdir"), "tandem-site-test-keys");

  private static final TokenMinter MINTER;

  static {
    KeyDirectory directory = KeyDirectory.at(KEYS);
    // valid from yesterday: expired tokens are minted with a clock in the past
    directory.ensure(Instant.now().minus(Duration.ofDays(1)));
    MINTER = new TokenMinter(directory, ISSUER, AUDIENCE, Clock.systemUTC());
  }

  private TestTokens() {}

  /** {@code Bearer ...} for an operator. */
  public static String admin() {
    return "Bearer " + MINTER.admin(Duration.ofMinutes(5)).token();
  }

  /** {@code Bearer ...} for the member. */
  public static String member(long memberId) {
    return "Bearer " + MINTER.member(memberId, Duration.ofMinutes(5)).token();
  }

  /** A member's token that expired a minute ago. */
  public static String expiredMember(long memberId) {
    TokenMinter past =
        new TokenMinter(
            KeyDirectory.at(KEYS),
            ISSUER,
            AUDIENCE,
            Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)));
    return "Bearer " + past.member(memberId, Duration.ofMinutes(5)).token();
  }

  /** A token with another audience, signed with the right key. */
  public static String memberForAnotherAudience(long memberId) {
    return "Bearer "
        + new TokenMinter(KeyDirectory.at(KEYS), ISSUER, "another-api", Clock.systemUTC())
            .member(memberId, Duration.ofMinutes(5))
            .token();
  }
}
