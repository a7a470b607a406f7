package dev.tandem.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import reactor.core.publisher.Mono;

/** The signature once per token, the claims every time, a refused token never remembered. */
class RememberingJwtDecoderTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private final AtomicInteger verifications = new AtomicInteger();
  private boolean claimsRefused;

  private final RememberingJwtDecoder tokens =
      new RememberingJwtDecoder(
          token -> {
            verifications.incrementAndGet();
            if (token.endsWith(".forged")) {
              return Mono.error(new BadJwtException("Invalid signature"));
            }
            return Mono.just(
                Jwt.withTokenValue(token)
                    .header("alg", "ES256")
                    .subject("42")
                    .issuedAt(NOW)
                    .expiresAt(NOW.plusSeconds(60))
                    .build());
          },
          jwt ->
              claimsRefused
                  ? OAuth2TokenValidatorResult.failure(
                      new OAuth2Error("invalid_token", "the issuer changed", null))
                  : OAuth2TokenValidatorResult.success(),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void verifiesTheSameTokenOnce() {
    Jwt first = tokens.decode("a.b.c").block();
    Jwt again = tokens.decode("a.b.c").block();

    assertThat(again).isSameAs(first);
    assertThat(verifications).hasValue(1);
  }

  @Test
  void checksARememberingJwtDecoderClaimsEveryTime() {
    tokens.decode("a.b.c").block();
    claimsRefused = true;

    assertThatThrownBy(() -> tokens.decode("a.b.c").block())
        .isInstanceOf(JwtValidationException.class)
        .hasMessage("the token is no longer valid: the issuer changed");
    assertThat(verifications).hasValue(1);
  }

  @Test
  void neverRemembersARefusedToken() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> tokens.decode("a.b.forged").block())
          .isInstanceOf(BadJwtException.class);
    }

    assertThat(verifications).hasValue(2);
  }
}
