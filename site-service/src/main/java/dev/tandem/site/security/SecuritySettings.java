package dev.tandem.site.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Tokens: where the cluster's signing keys are, what the tokens say, how long they last.
 *
 * @param keys the key directory ({@code TANDEM_JWT_KEYS}, made by {@code ./tandem up})
 * @param issuer the {@code iss} of the tokens minted here, and the only one accepted
 * @param audience the {@code aud} they carry, and the only one accepted
 * @param tokenLifetime how long a token from {@code POST /api/sessions} is accepted
 * @param jwkSetUri verify with this JWKS document instead of the local keys: for an external issuer
 *     (then this service no longer verifies its own tokens; sign-in should move to that issuer)
 * @param reloadKeys how often the key directory is read again: a rotated key must be known before
 *     it signs ({@code KeyDirectory.PROPAGATION}, 30 s)
 * @param signIn how many failed sign-ins are let through
 */
@Validated
@ConfigurationProperties("tandem.security")
public record SecuritySettings(
    @NotBlank(message = "set TANDEM_JWT_KEYS: the directory of the cluster's token-signing keys")
        String keys,
    @NotBlank(message = "set TANDEM_JWT_ISSUER: the issuer (iss) of the cluster's tokens")
        String issuer,
    @NotBlank(message = "set TANDEM_JWT_AUDIENCE: the audience (aud) of the cluster's tokens")
        String audience,
    @NotNull Duration tokenLifetime,
    String jwkSetUri,
    @NotNull Duration reloadKeys,
    @NotNull @Valid SignInLimits signIn) {

  /**
   * After {@code accountFailures} failed sign-ins for one email, or {@code addressFailures} from
   * one client address, within {@code window}, attempts wait for the window's end (429).
   */
  public record SignInLimits(
      @Positive int accountFailures, @Positive int addressFailures, @NotNull Duration window) {}
}
