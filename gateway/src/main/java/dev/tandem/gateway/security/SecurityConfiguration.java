package dev.tandem.gateway.security;

import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancedExchangeFilterFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway as an OAuth2 resource server: which requests need an access token, and which tokens
 * it accepts (see {@link SecuritySettings}).
 *
 * <ul>
 *   <li>Public, token or not: registering ({@code POST /api/members}), signing in ({@code POST
 *       /api/sessions}), reading promotions ({@code GET /api/promotions/**}), the issuer's keys
 *       ({@code GET /.well-known/jwks.json}) and {@code /actuator/**}. A token sent there is not
 *       even read, so an expired one left in a client cannot lock its user out of signing in.
 *   <li>Creating a promotion ({@code POST /api/promotions}) needs scope {@code admin}.
 *   <li>A member's resources ({@code /api/members/{id}/**}) need scope {@code admin}, or scope
 *       {@code member} with subject {@code id}. site-service checks the same; this is defence in
 *       depth.
 *   <li>Everything else under {@code /api/} needs a valid token; other paths are left as they were
 *       (the gateway's 404).
 * </ul>
 *
 * <p>The rules match the same path the route is chosen by, and only paths in normal form reach
 * them: Spring Security's filter chain runs at order -100, after {@code filter.NormalPaths}, which
 * refuses dot segments and encoded slashes first. A path's escapes are decoded alike for a rule's
 * match, its {@code {id}} and site-service's own mapping, so {@code /api/members/%31} is member 1
 * everywhere.
 *
 * <p>Nothing is kept between requests: no session, no saved request, no CSRF token (no cookie
 * carries authority here, only the {@code Authorization} header), no login page.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration {

  static final String ADMIN = "SCOPE_admin";
  static final String MEMBER = "SCOPE_member";

  /** Connecting to the key set's host fails over after this, as the routes do. */
  static final Duration KEYS_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** A key set fetch that takes longer fails the request with 503, instead of holding it. */
  static final Duration KEYS_RESPONSE_TIMEOUT = Duration.ofSeconds(3);

  static final ServerWebExchangeMatcher PUBLIC =
      ServerWebExchangeMatchers.matchers(
          ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/api/members", "/api/sessions"),
          ServerWebExchangeMatchers.pathMatchers(
              HttpMethod.GET, "/api/promotions/**", "/.well-known/jwks.json"),
          ServerWebExchangeMatchers.pathMatchers("/actuator/**"));

  @Bean
  SecurityWebFilterChain accessRules(ServerHttpSecurity http, ReactiveJwtDecoder tokens) {
    BearerRefusals refusals = new BearerRefusals();
    ServerBearerTokenAuthenticationConverter bearer =
        new ServerBearerTokenAuthenticationConverter();
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(
            exchanges ->
                exchanges
                    .matchers(PUBLIC)
                    .permitAll()
                    .pathMatchers(HttpMethod.POST, "/api/promotions")
                    .hasAuthority(ADMIN)
                    .pathMatchers("/api/members/{id}/**")
                    .access(SecurityConfiguration::ownMemberOrAdmin)
                    .pathMatchers("/api/**")
                    .authenticated()
                    .anyExchange()
                    .permitAll())
        .oauth2ResourceServer(
            server ->
                server
                    .bearerTokenConverter(
                        exchange ->
                            PUBLIC
                                .matches(exchange)
                                .flatMap(
                                    open ->
                                        open.isMatch() ? Mono.empty() : bearer.convert(exchange)))
                    .jwt(jwt -> jwt.jwtDecoder(tokens))
                    .authenticationEntryPoint(refusals)
                    .authenticationFailureHandler(refusals)
                    .accessDeniedHandler(refusals))
        .exceptionHandling(
            handling -> handling.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .build();
  }

  /**
   * Verifies a token's signature with the issuer's key set, fetched on the first token and cached;
   * a token signed by a key not in the cached set (a {@code kid} it has not seen: the issuer
   * rotated) makes it fetch the set again, so a new key is accepted without a restart. Then its
   * time window, issuer and audience; a token without {@code exp} never expires and is refused. The
   * signature is verified once per token, the claims on every request ({@link
   * RememberingJwtDecoder}).
   */
  @Bean
  ReactiveJwtDecoder accessTokens(
      SecuritySettings settings,
      WebClient.Builder web,
      ObjectProvider<LoadBalancedExchangeFilterFunction> loadBalancer) {
    web.clientConnector(
        new ReactorClientHttpConnector(
            HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) KEYS_CONNECT_TIMEOUT.toMillis())
                .responseTimeout(KEYS_RESPONSE_TIMEOUT)));
    if (settings.keysThroughDiscovery()) {
      // The instances the routes use, chosen the same way: passive health included.
      web.filter(loadBalancer.getObject());
    }
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetLocation())
            .webClient(web.build())
            .jwsAlgorithms(
                accepted -> settings.algorithms().forEach(name -> accepted.add(algorithm(name))))
            .build();
    OAuth2TokenValidator<Jwt> claims =
        new DelegatingOAuth2TokenValidator<>(
            new JwtTimestampValidator(settings.clockSkew()),
            new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
            new JwtIssuerValidator(settings.issuer()),
            new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD,
                audience -> audience != null && audience.contains(settings.audience())));
    decoder.setJwtValidator(claims);
    ReactiveJwtDecoder remembering = new RememberingJwtDecoder(decoder, claims, Clock.systemUTC());
    // Spring Security 6.5 reports a key set it could not fetch or read as an
    // IllegalStateException, which would end the request as a 500. As a JwtException that is not a
    // BadJwtException it becomes an AuthenticationServiceException: 503, see BearerRefusals.
    return token ->
        remembering
            .decode(token)
            .onErrorMap(
                IllegalStateException.class,
                failure -> new JwtException("the issuer's key set is out of reach", failure));
  }

  private static SignatureAlgorithm algorithm(String name) {
    SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
    if (algorithm == null) {
      throw new IllegalArgumentException(
          "tandem.security.algorithms: " + name + " is not a JWS signature algorithm");
    }
    return algorithm;
  }

  private static Mono<AuthorizationDecision> ownMemberOrAdmin(
      Mono<Authentication> authentication, AuthorizationContext context) {
    Object member = context.getVariables().get("id");
    return authentication
        .filter(Authentication::isAuthenticated)
        .map(
            token ->
                new AuthorizationDecision(
                    has(token, ADMIN) || (has(token, MEMBER) && token.getName().equals(member))))
        .defaultIfEmpty(new AuthorizationDecision(false));
  }

  private static boolean has(Authentication token, String authority) {
    return token.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .anyMatch(authority::equals);
  }
}
