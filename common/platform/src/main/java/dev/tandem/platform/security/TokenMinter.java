package dev.tandem.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs access tokens with the cluster's current key ({@link KeyDirectory#signingKey}): ES256, the
 * key's {@code kid} in the header, {@code iss}, {@code aud}, {@code sub}, {@code scope}, {@code
 * iat}, {@code exp} and a {@code jti}. site-service mints members' tokens at sign-in with it;
 * {@code ./tandem token}, the drills and the tests mint theirs with it too, so every token has one
 * shape.
 */
public final class TokenMinter {

  /** The scope of a member's token: their own resources only. */
  public static final String MEMBER_SCOPE = "member";

  /** The scope of an operator's token: creating promotions, acting for any member. */
  public static final String ADMIN_SCOPE = "admin";

  /** The subject of operators' tokens. */
  public static final String ADMIN_SUBJECT = "admin";

  /** A signed token and when it stops being accepted. */
  public record Minted(String token, Instant expiresAt) {}

  private final KeyDirectory keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  public TokenMinter(KeyDirectory keys, String issuer, String audience, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  /** A member's token: subject their id, scope {@value #MEMBER_SCOPE}. */
  public Minted member(long memberId, Duration lifetime) {
    return mint(Long.toString(memberId), MEMBER_SCOPE, lifetime);
  }

  /** An operator's token: subject {@value #ADMIN_SUBJECT}, scope {@value #ADMIN_SCOPE}. */
  public Minted admin(Duration lifetime) {
    return mint(ADMIN_SUBJECT, ADMIN_SCOPE, lifetime);
  }

  private Minted mint(String subject, String scope, Duration lifetime) {
    if (lifetime.compareTo(KeyDirectory.MAX_TOKEN_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "a token lives at most " + KeyDirectory.MAX_TOKEN_LIFETIME + ", not " + lifetime);
    }
    Instant now = clock.instant();
    ECKey key =
        keys.signingKey(now)
            .orElseThrow(
                () -> new IllegalStateException("no signing key in " + keys.path() + " yet"));
    Instant expiresAt = now.plus(lifetime);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(subject)
            .claim("scope", scope)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiresAt))
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with key " + key.getKeyID(), e);
    }
    return new Minted(jwt.serialize(), expiresAt);
  }
}
