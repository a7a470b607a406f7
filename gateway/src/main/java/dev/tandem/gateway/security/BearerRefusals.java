package dev.tandem.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How a refused request ends: with the RFC 6750 challenge in {@code WWW-Authenticate}, and as an
 * error that {@code problem.ProblemExceptionHandler} turns into the problem every gateway error is:
 * 401 {@code unauthorized}, 403 {@code forbidden}. The challenge names the error's kind only; why a
 * token was refused (expired, wrong issuer) goes to no one, since it helps an attacker more than a
 * client, and the token itself is never repeated.
 *
 * <p>A token that could not be checked because the issuer's keys could not be fetched (site-service
 * down or unreachable) is not the client's fault: that is 503 {@code service-unavailable}, which a
 * client may retry, not a 401 that would send the user to sign in again. It arrives here as an
 * {@link AuthenticationServiceException} (see {@code SecurityConfiguration#accessTokens} for how).
 */
final class BearerRefusals
    implements ServerAuthenticationEntryPoint,
        ServerAuthenticationFailureHandler,
        ServerAccessDeniedHandler {

  private static final Logger log = LoggerFactory.getLogger(BearerRefusals.class);

  /** No token sent, or none that could be read as one. */
  static final String NO_TOKEN = "Bearer";

  /** A token was sent and refused: bad signature, expired, another issuer or audience. */
  static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

  /** A valid token whose scope or subject does not allow this request. */
  static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\"";

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException refused) {
    String challenge = refused instanceof OAuth2AuthenticationException ? INVALID_TOKEN : NO_TOKEN;
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
    return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED));
  }

  @Override
  public Mono<Void> onAuthenticationFailure(
      WebFilterExchange exchange, AuthenticationException failure) {
    if (failure instanceof AuthenticationServiceException) {
      log.warn(
          "cannot verify tokens, the issuer's keys are out of reach: {}",
          NestedExceptionUtils.getMostSpecificCause(failure).toString());
      return Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE));
    }
    return commence(exchange.getExchange(), failure);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, INSUFFICIENT_SCOPE);
    return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN));
  }
}
