package dev.tandem.gateway.security;

import dev.tandem.platform.security.VerifiedTokens;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Verifies a token's signature the first time it comes ({@link VerifiedTokens}), its claims every
 * time. The gateway's key set is cached by Spring and fetched again only for an unknown key, so a
 * remembered token is trusted no longer than its key would be, and at most {@link
 * VerifiedTokens#ACCESS_TOKEN_AGE}: site-service, which checks every token again, also drops a
 * remembered token whose key is gone.
 */
final class RememberingJwtDecoder implements ReactiveJwtDecoder {

  private final ReactiveJwtDecoder verifying;
  private final OAuth2TokenValidator<Jwt> claims;
  private final VerifiedTokens<Jwt> verified;

  RememberingJwtDecoder(
      ReactiveJwtDecoder verifying, OAuth2TokenValidator<Jwt> claims, Clock clock) {
    this.verifying = verifying;
    this.claims = claims;
    this.verified = VerifiedTokens.ofAccessTokens(clock);
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Optional<Jwt> known = verified.get(token);
    if (known.isEmpty()) {
      return verifying.decode(token).doOnNext(jwt -> verified.put(token, jwt, jwt.getExpiresAt()));
    }
    OAuth2TokenValidatorResult result = claims.validate(known.get());
    if (result.hasErrors()) {
      String reason =
          result.getErrors().stream()
              .map(OAuth2Error::getDescription)
              .filter(d -> d != null && !d.isEmpty())
              .findFirst()
              .orElse("invalid claims");
      return Mono.error(
          new JwtValidationException(
              "the token is no longer valid: " + reason, result.getErrors()));
    }
    return Mono.just(known.get());
  }
}
