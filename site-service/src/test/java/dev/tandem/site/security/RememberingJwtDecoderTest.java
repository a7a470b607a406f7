package dev.tandem.site.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The signature once per token, the claims every time. */
class RememberingJwtDecoderTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private final AtomicInteger verifications = new AtomicInteger();
  private final Set<String> trustedKeys = new HashSet<>(Set.of("key-1"));
  private boolean claimsRefused;
  private final JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);

  private final RememberingJwtDecoder decoder =
      new RememberingJwtDecoder(
          token -> {
            verifications.incrementAndGet();
            if (!trustedKeys.contains("key-1")) {
              throw new BadJwtException("no key for kid key-1");
            }
            return Jwt.withTokenValue(token)
                .header("alg", "ES256")
                .header("kid", "key-1")
                .subject("42")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(60))
                .build();
          },
          jwt ->
              claimsRefused
                  ? OAuth2TokenValidatorResult.failure(
                      new OAuth2Error("invalid_token", "the issuer changed", null))
                  : timestamps.validate(jwt),
          jwt -> trustedKeys.contains(String.valueOf(jwt.getHeaders().get("kid"))),
          // the store's clock stands still: a remembered token's expiry is the claims' check
          Clock.fixed(NOW, ZoneOffset.UTC));

  private void at(Instant instant) {
    timestamps.setClock(Clock.fixed(instant, ZoneOffset.UTC));
  }

  @Test
  void verifiesTheSameTokenOnce() {
    at(NOW);

    Jwt first = decoder.decode("header.claims.signature");
    Jwt again = decoder.decode("header.claims.signature");

    assertThat(again).isSameAs(first);
    assertThat(verifications).hasValue(1);
  }

  @Test
  void verifiesATokenThatDiffersInOneCharacter() {
    at(NOW);

    decoder.decode("header.claims.signature");
    decoder.decode("header.claims.signaturf");

    assertThat(verifications).hasValue(2);
  }

  @Test
  void refusesARememberedTokenOnceItHasExpired() {
    at(NOW);
    decoder.decode("header.claims.signature");

    at(NOW.plusSeconds(61));

    assertThatThrownBy(() -> decoder.decode("header.claims.signature"))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageStartingWith(
            "An error occurred while attempting to decode the Jwt: Jwt expired");
  }

  @Test
  void checksARememberedTokensClaimsEveryTime() {
    at(NOW);
    decoder.decode("header.claims.signature");

    claimsRefused = true;

    assertThatThrownBy(() -> decoder.decode("header.claims.signature"))
        .isInstanceOf(JwtValidationException.class)
        .hasMessage("An error occurred while attempting to decode the Jwt: the issuer changed");
    assertThat(verifications).hasValue(1);
  }

  @Test
  void verifiesARememberedTokenAgainOnceItsKeyIsGone() {
    at(NOW);
    decoder.decode("header.claims.signature");

    trustedKeys.clear();

    assertThatThrownBy(() -> decoder.decode("header.claims.signature"))
        .isInstanceOf(BadJwtException.class)
        .hasMessage("no key for kid key-1");
    assertThat(verifications).hasValue(2);
  }
}
