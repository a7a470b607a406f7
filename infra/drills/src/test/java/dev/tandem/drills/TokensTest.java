package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

  @TempDir Path dir;

  private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T10:00:00Z"));
  private Tokens tokens;

  @BeforeEach
  void keys() {
    KeyDirectory keys = KeyDirectory.at(dir);
    keys.ensure(clock.instant());
    tokens = new Tokens(new TokenMinter(keys, "urn:tandem:test", "tandem-api", clock), clock);
  }

  @Test
  void eachMemberActsWithTheirOwnTokenAndOperatorsWithAnAdminToken() throws Exception {
    JWTClaimsSet member = SignedJWT.parse(tokens.member("42")).getJWTClaimsSet();
    JWTClaimsSet admin = SignedJWT.parse(tokens.admin()).getJWTClaimsSet();

    assertThat(member.getSubject()).isEqualTo("42");
    assertThat(member.getStringClaim("scope")).isEqualTo(TokenMinter.MEMBER_SCOPE);
    assertThat(admin.getStringClaim("scope")).isEqualTo(TokenMinter.ADMIN_SCOPE);
    assertThat(member.getExpirationTime().toInstant())
        .as("no longer than ./tandem rotate-keys waits out")
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(60)));
  }

  @Test
  void keepsATokenUntilItIsAboutToExpireThenMintsAnother() {
    String first = tokens.member("42");
    clock.advance(Duration.ofMinutes(54));
    assertThat(tokens.member("42")).isEqualTo(first);
    assertThat(tokens.member("43")).isNotEqualTo(first);

    clock.advance(Duration.ofMinutes(2));
    assertThat(tokens.member("42")).isNotEqualTo(first);
  }

  @Test
  void aClusterWithoutTokenSettingsIsNamedNotGuessed() {
    assertThatThrownBy(() -> Tokens.from(Map.of("TANDEM_JWT_KEYS", dir.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("./tandem env has no TANDEM_JWT_ISSUER");
  }

  /** A clock the test moves: tokens' expiry without waiting for it. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
