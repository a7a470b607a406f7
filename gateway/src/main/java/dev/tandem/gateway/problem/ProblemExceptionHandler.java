package dev.tandem.gateway.problem;

import static dev.tandem.platform.problem.Problems.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.problem.Problems;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.reactive.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The gateway's own failures as {@code application/problem+json}, with the same stable types as
 * site-service: no instance registered or none reachable after the retries is 503 {@code
 * service-unavailable} (try again shortly), an instance too slow is 504 {@code gateway-timeout}, an
 * unknown path 404 {@code not-found}, a request without an acceptable access token 401 {@code
 * unauthorized}, one whose token does not allow it 403 {@code forbidden} (the security package sets
 * their {@code WWW-Authenticate} challenge), one that risk control throttles 429 {@code
 * too-many-requests} with {@code Retry-After}, one from a blocked sender 403 {@code blocked}.
 * Responses that site-service itself gives pass unchanged. Ordered before Boot's default handler,
 * which would answer with its own JSON shape.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  /** The operators' block list matched the sender (403); not the token's lack of rights. */
  static final String BLOCKED = "blocked";

  private final ObjectMapper json;

  ProblemExceptionHandler(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    ProblemDetail problem = problemFor(error);
    if (error instanceof RequestThrottled throttled) {
      response
          .getHeaders()
          .set(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
    }
    problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    try {
      byte[] body = json.writeValueAsBytes(problem);
      return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    } catch (JsonProcessingException e) {
      return Mono.error(e);
    }
  }

  static ProblemDetail problemFor(Throwable error) {
    if (error instanceof RequestRefused refused) {
      return problem(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, refused.getMessage());
    }
    if (error instanceof RequestThrottled throttled) {
      return problem(
          HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, throttled.getMessage());
    }
    if (error instanceof RequestBlocked blocked) {
      return problem(HttpStatus.FORBIDDEN, BLOCKED, blocked.getMessage());
    }
    if (error instanceof ResponseStatusException status) {
      return switch (status.getStatusCode().value()) {
        case 401 ->
            problem(
                status.getStatusCode(),
                Problems.UNAUTHORIZED,
                "this request needs a valid access token: Authorization: Bearer <token>");
        case 403 ->
            problem(
                status.getStatusCode(),
                Problems.FORBIDDEN,
                "the access token does not allow this request");
        case 404 -> problem(status.getStatusCode(), Problems.NOT_FOUND, "no such resource");
        case 405 ->
            problem(status.getStatusCode(), Problems.METHOD_NOT_ALLOWED, "method not allowed");
        case 502 ->
            problem(
                status.getStatusCode(),
                Problems.BAD_GATEWAY,
                "the service's response could not be passed on; the X-Request-Id header identifies"
                    + " this request");
        case 503 -> unavailable();
        case 504 ->
            problem(
                HttpStatus.GATEWAY_TIMEOUT,
                Problems.GATEWAY_TIMEOUT,
                "the service did not answer in time");
        default -> {
          if (status.getStatusCode().is4xxClientError()) {
            yield problem(
                status.getStatusCode(), Problems.INVALID_REQUEST, "the request was not accepted");
          }
          log.error("gateway failure", error);
          yield internalError();
        }
      };
    }
    if (error instanceof IOException) {
      log.warn("no instance reachable: {}", error.toString());
      return unavailable();
    }
    log.error("gateway failure", error);
    return internalError();
  }

  private static ProblemDetail unavailable() {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        Problems.SERVICE_UNAVAILABLE,
        "no instance of the service is available; retry shortly");
  }

  private static ProblemDetail internalError() {
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        Problems.INTERNAL_ERROR,
        "something went wrong on our side; the X-Request-Id header identifies this request");
  }
}
