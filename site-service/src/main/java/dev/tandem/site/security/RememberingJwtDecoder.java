package dev.tandem.site.security;

import dev.tandem.platform.security.VerifiedTokens;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.StringUtils;

/**
 * Verifies a token's signature the first time it comes ({@link VerifiedTokens}), and its claims
 * every time: a token remembered past its expiry is refused as the first check would refuse it. A
 * remembered token whose key is no longer trusted is verified again, and fails.
 */
final class RememberingJwtDecoder implements JwtDecoder {

  private final JwtDecoder verifying;
  private final OAuth2TokenValidator<Jwt> claims;
  private final Predicate<Jwt> keyTrusted;
  private final VerifiedTokens<Jwt> verified;

  RememberingJwtDecoder(
      JwtDecoder verifying,
      OAuth2TokenValidator<Jwt> claims,
      Predicate<Jwt> keyTrusted,
      Clock clock) {
    this.verifying = verifying;
    this.claims = claims;
    this.keyTrusted = keyTrusted;
    this.verified = VerifiedTokens.ofAccessTokens(clock);
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Optional<Jwt> known = verified.get(token).filter(keyTrusted);
    if (known.isEmpty()) {
      Jwt jwt = verifying.decode(token);
      verified.put(token, jwt, jwt.getExpiresAt());
      return jwt;
    }
    OAuth2TokenValidatorResult result = claims.validate(known.get());
    if (result.hasErrors()) {
      throw new JwtValidationException(message(result), result.getErrors());
    }
    return known.get();
  }

  /** Worded as Spring's own decoder words it, so a refusal reads the same either way. */
  private static String message(OAuth2TokenValidatorResult result) {
    return result.getErrors().stream()
        .map(OAuth2Error::getDescription)
        .filter(StringUtils::hasLength)
        .findFirst()
        .map(d -> "An error occurred while attempting to decode the Jwt: " + d)
        .orElse("Unable to validate Jwt");
  }
}
