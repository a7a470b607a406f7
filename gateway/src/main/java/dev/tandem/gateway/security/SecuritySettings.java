package dev.tandem.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which access tokens the gateway accepts. Every value is required; a blank one stops the gateway
 * at start-up with the setting's name, rather than letting it accept tokens of any issuer.
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience a value the token's {@code aud} must contain
 * @param jwkSetUri where the issuer's public keys are: {@code lb://SERVICE/path} through discovery
 *     and the load balancer, any other URI as is
 * @param algorithms the signature algorithms accepted (Tandem signs ES256; most external issuers
 *     RS256)
 * @param clockSkew how far past {@code exp} (or before {@code nbf}) a token is still accepted, for
 *     clocks that differ between hosts
 */
@ConfigurationProperties("tandem.security")
record SecuritySettings(
    String issuer,
    String audience,
    URI jwkSetUri,
    @DefaultValue("ES256") List<String> algorithms,
    @DefaultValue("30s") Duration clockSkew) {

  SecuritySettings {
    require(issuer != null && !issuer.isBlank(), "tandem.security.issuer");
    require(audience != null && !audience.isBlank(), "tandem.security.audience");
    require(
        jwkSetUri != null && jwkSetUri.getScheme() != null && jwkSetUri.getHost() != null,
        "tandem.security.jwk-set-uri");
    require(!algorithms.isEmpty(), "tandem.security.algorithms");
  }

  /** Whether the keys are fetched from a service found through discovery. */
  boolean keysThroughDiscovery() {
    return "lb".equals(jwkSetUri.getScheme());
  }

  /** The URI the key set is fetched from: {@code lb://} becomes {@code http://SERVICE}. */
  String jwkSetLocation() {
    return keysThroughDiscovery()
        ? "http" + jwkSetUri.toString().substring("lb".length())
        : jwkSetUri.toString();
  }

  private static void require(boolean present, String setting) {
    if (!present) {
      throw new IllegalArgumentException(
          setting
              + " must be set: the gateway does not start without knowing which tokens to"
              + " accept");
    }
  }
}
