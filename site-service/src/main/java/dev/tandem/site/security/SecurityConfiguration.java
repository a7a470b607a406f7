package dev.tandem.site.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tandem.platform.security.KeyDirectory;
import dev.tandem.platform.security.TokenMinter;
import dev.tandem.platform.warmup.WarmUpAuthorization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.StringUtils;

/**
 * Who may call what. site-service verifies every token itself, although the gateway has already: it
 * is reachable inside the network without the gateway (defence in depth).
 *
 * <ul>
 *   <li>Public: register, sign in, promotion reads and search, the JWKS document, actuator (on the
 *       management port, which nothing routes from the entry URL).
 *   <li>{@code POST /api/promotions}: scope {@code admin}.
 *   <li>{@code /api/members/{id}} and below: the member whose id is the token's subject, or admin.
 *   <li>Everything else: any valid token. A claim is for the token's subject; the controller checks
 *       the body ({@link Caller#requireIs}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration {

  @Bean
  KeyDirectory keyDirectory(SecuritySettings settings) {
    return KeyDirectory.at(Path.of(settings.keys()));
  }

  @Bean
  LocalKeys localKeys(KeyDirectory directory, SecuritySettings settings) {
    return new LocalKeys(directory, settings.reloadKeys(), Clock.systemUTC());
  }

  @Bean
  TokenMinter tokenMinter(KeyDirectory directory, SecuritySettings settings) {
    if (settings.tokenLifetime().compareTo(KeyDirectory.MAX_TOKEN_LIFETIME) > 0) {
      throw new IllegalStateException(
          "tandem.security.token-lifetime is "
              + settings.tokenLifetime()
              + "; at most "
              + KeyDirectory.MAX_TOKEN_LIFETIME
              + ", or a key rotation could remove a key whose tokens are still in use");
    }
    return new TokenMinter(directory, settings.issuer(), settings.audience(), Clock.systemUTC());
  }

  /** The warm-up reads the home page as an admin, so it warms what lies behind the filter too. */
  @Bean
  WarmUpAuthorization warmUpAuthorization(TokenMinter minter) {
    return () -> "Bearer " + minter.admin(Duration.ofMinutes(5)).token();
  }

  /**
   * ES256 only (no {@code none}, no HMAC confusion); issuer, audience and expiry checked with 30 s
   * of clock skew, on every request; the signature once per token ({@link RememberingJwtDecoder}).
   * The local key directory unless {@code tandem.security.jwk-set-uri} names an external issuer's
   * keys.
   */
  @Bean
  JwtDecoder jwtDecoder(SecuritySettings settings, LocalKeys keys) {
    NimbusJwtDecoder decoder;
    if (StringUtils.hasText(settings.jwkSetUri())) {
      decoder =
          NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri())
              .jwsAlgorithm(SignatureAlgorithm.ES256)
              .jwsAlgorithm(SignatureAlgorithm.RS256)
              .build();
    } else {
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
      // Spring's validators below check the claims; Nimbus's own check would only duplicate them.
      processor.setJWTClaimsSetVerifier((claims, context) -> {});
      decoder = new NimbusJwtDecoder(processor);
    }
    OAuth2TokenValidator<Jwt> claims =
        new DelegatingOAuth2TokenValidator<>(
            new JwtTimestampValidator(Duration.ofSeconds(30)),
            new JwtIssuerValidator(settings.issuer()),
            new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD,
                audience -> audience != null && audience.contains(settings.audience())));
    decoder.setJwtValidator(claims);
    // A key removed from the directory stops a remembered token too; an external issuer's keys
    // are Spring's to refresh, and a remembered token lives at most
    // VerifiedTokens.ACCESS_TOKEN_AGE.
    Predicate<Jwt> keyTrusted =
        StringUtils.hasText(settings.jwkSetUri())
            ? jwt -> true
            : jwt -> keys.knows(String.valueOf(jwt.getHeaders().get("kid")));
    return new RememberingJwtDecoder(decoder, claims, keyTrusted, Clock.systemUTC());
  }

  @Bean
  SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.POST, "/api/members", "/api/sessions")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/promotions/**", "/.well-known/jwks.json")
                    .permitAll()
                    .requestMatchers("/actuator/**", "/error")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/promotions")
                    .hasAuthority(Caller.ADMIN_AUTHORITY)
                    .requestMatchers("/api/members/{id}", "/api/members/{id}/**")
                    .access(memberOrAdmin())
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(jwt -> {})
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  /** The {@code id} in the path is the token's subject, or the token is an admin's. */
  private static AuthorizationManager<RequestAuthorizationContext> memberOrAdmin() {
    return (Supplier<Authentication> authentication, RequestAuthorizationContext context) ->
        new AuthorizationDecision(
            Caller.of(authentication.get())
                .map(caller -> caller.mayActFor(context.getVariables().get("id")))
                .orElse(false));
  }
}
