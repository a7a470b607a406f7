package dev.tandem.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final Duration LIFETIME = Duration.ofMinutes(15);

  @TempDir Path temp;

  @Test
  void makesOneKeyReadableByItsOwnerOnly() throws Exception {
    KeyDirectory keys = KeyDirectory.at(temp.resolve("jwt"));

    assertThat(keys.ensure(T0)).isTrue();
    assertThat(keys.ensure(T0)).isFalse();

    assertThat(keys.keys()).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.path())))
        .isEqualTo("rwx------");
    try (var files = Files.list(keys.path())) {
      for (Path file : files.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void aRotatedKeyIsPublishedAtOnceAndSignsOnlyAfterThePropagationDelay() {
    KeyDirectory keys = KeyDirectory.at(temp);
    keys.ensure(T0);
    ECKey first = keys.signingKey(T0).orElseThrow();

    ECKey next = keys.rotate(T0.plusSeconds(60), LIFETIME);

    assertThat(keys.publicKeys().getKeys())
        .extracting(key -> key.getKeyID())
        .containsExactlyInAnyOrder(first.getKeyID(), next.getKeyID());
    assertThat(keys.publicKeys().getKeys()).noneMatch(key -> key.isPrivate());
    assertThat(keys.signingKey(T0.plusSeconds(61))).contains(first);
    assertThat(keys.signingKey(T0.plusSeconds(60).plus(KeyDirectory.PROPAGATION))).contains(next);
  }

  @Test
  void refusesASecondRotationWhileTokensOfTheReplacedKeyMayLive() {
    KeyDirectory keys = KeyDirectory.at(temp);
    keys.ensure(T0);
    ECKey second = keys.rotate(T0, LIFETIME);

    assertThatThrownBy(() -> keys.rotate(T0.plus(Duration.ofMinutes(10)), LIFETIME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rotate again after");

    ECKey third = keys.rotate(T0.plus(KeyDirectory.PROPAGATION).plus(LIFETIME), LIFETIME);
    assertThat(keys.keys())
        .extracting(ECKey::getKeyID)
        .containsExactly(second.getKeyID(), third.getKeyID());
  }

  @Test
  void mintsTokensTheCurrentKeyVerifies() throws Exception {
    KeyDirectory keys = KeyDirectory.at(temp);
    keys.ensure(T0);
    Clock clock = Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC);
    TokenMinter minter = new TokenMinter(keys, "urn:tandem:test", "tandem-api", clock);

    TokenMinter.Minted minted = minter.member(42, LIFETIME);

    SignedJWT jwt = SignedJWT.parse(minted.token());
    ECKey key = keys.signingKey(T0).orElseThrow();
    assertThat(jwt.verify(new ECDSAVerifier(key.toECPublicKey()))).isTrue();
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("42");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("member");
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("tandem-api");
    assertThat(minted.expiresAt()).isEqualTo(T0.plusSeconds(5).plus(LIFETIME));
  }

  @Test
  void refusesATokenThatWouldOutliveTheRotationWait() {
    KeyDirectory keys = KeyDirectory.at(temp);
    keys.ensure(T0);
    TokenMinter minter =
        new TokenMinter(keys, "urn:tandem:test", "tandem-api", Clock.fixed(T0, ZoneOffset.UTC));

    assertThatThrownBy(() -> minter.admin(KeyDirectory.MAX_TOKEN_LIFETIME.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(minter.admin(KeyDirectory.MAX_TOKEN_LIFETIME).expiresAt())
        .isEqualTo(T0.plus(KeyDirectory.MAX_TOKEN_LIFETIME));
  }
}
