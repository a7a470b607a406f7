package dev.tandem.site.web;

import static dev.tandem.platform.problem.Problems.problem;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tandem.member.api.DuplicateEmailException;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.SignInRefusedException;
import dev.tandem.platform.problem.Problems;
import dev.tandem.promotion.api.AlreadyClaimedException;
import dev.tandem.promotion.api.LevelTooLowException;
import dev.tandem.promotion.api.OutOfStockException;
import dev.tandem.promotion.api.PromotionNotActiveException;
import dev.tandem.promotion.api.PromotionNotFoundException;
import dev.tandem.promotion.api.SearchUnavailableException;
import dev.tandem.promotion.api.UnknownMemberException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.dubbo.rpc.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into {@code application/problem+json} with a stable {@code type}: the
 * providers' named exceptions into their statuses, bad input into 400 {@code invalid-request}
 * naming the field, and anything unexpected into a 500 that says nothing about our insides.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final URI ABOUT_BLANK = URI.create("about:blank");

  /** Jackson's words for a key given twice (strict duplicate detection is on). */
  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']{1,100})'");

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler({MemberNotFoundException.class, PromotionNotFoundException.class})
  ProblemDetail notFound(RuntimeException e) {
    return problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, e.getMessage());
  }

  /** A command that breaks its contract's constraints ({@link Commands}): each field and why. */
  @ExceptionHandler
  ResponseEntity<Object> invalidCommand(ConstraintViolationException e) {
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .map(violation -> error(violation.getPropertyPath().toString(), violation.getMessage()))
            .toList();
    return invalid(errors, new HttpHeaders());
  }

  /** One answer for an unknown email and a wrong password: nobody learns who is registered. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> signInRefused(SignInRefusedException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .body(problem(HttpStatus.UNAUTHORIZED, "invalid-credentials", e.getMessage()));
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> tooManyAttempts(TooManyAttemptsException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
        .body(problem(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, e.getMessage()));
  }

  /** A valid token that does not grant this: a claim for another member, say. */
  @ExceptionHandler
  ProblemDetail forbidden(AccessDeniedException e) {
    return problem(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail duplicateEmail(DuplicateEmailException e) {
    return problem(HttpStatus.CONFLICT, "duplicate-email", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail alreadyClaimed(AlreadyClaimedException e) {
    return problem(HttpStatus.CONFLICT, "already-claimed", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail outOfStock(OutOfStockException e) {
    return problem(HttpStatus.CONFLICT, "out-of-stock", e.getMessage());
  }

  /** The claim names a member nobody registered: the request is wrong, not the promotion. */
  @ExceptionHandler
  ProblemDetail unknownMember(UnknownMemberException e) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-member", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail levelTooLow(LevelTooLowException e) {
    return problem(HttpStatus.FORBIDDEN, "level-too-low", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail notActive(PromotionNotActiveException e) {
    return problem(HttpStatus.CONFLICT, "promotion-not-active", e.getMessage());
  }

  /**
   * The search index did not answer in time. Only search depends on it; a retry a moment later may
   * succeed, so 503 with {@code Retry-After} rather than a 504 after the caller's whole timeout.
   */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> searchUnavailable(SearchUnavailableException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(
            problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, e.getMessage()));
  }

  /** The same key with a different request: a client bug, never something a retry fixes. */
  @ExceptionHandler({
    dev.tandem.member.api.IdempotencyKeyReusedException.class,
    dev.tandem.promotion.api.IdempotencyKeyReusedException.class
  })
  ProblemDetail keyReused(RuntimeException e) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail keyRequired(IdempotencyKeyRequiredException e) {
    return problem(HttpStatus.BAD_REQUEST, Problems.IDEMPOTENCY_KEY_REQUIRED, e.getMessage());
  }

  /**
   * Dubbo gave up: every provider it tried failed, or none is registered. 503 tells the gateway and
   * the client that another attempt may succeed; a timeout is 504 so that nobody retries a write
   * that may still be running (a retry would be safe, but would only add load to a slow service).
   */
  @ExceptionHandler
  ProblemDetail remoteFailure(RpcException e) {
    log.warn("remote call failed: {}", e.getMessage());
    return e.isTimeout()
        ? problem(
            HttpStatus.GATEWAY_TIMEOUT, Problems.GATEWAY_TIMEOUT, "a service we depend on is slow")
        : problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            Problems.SERVICE_UNAVAILABLE,
            "a service we depend on is unavailable; retry later");
  }

  @ExceptionHandler
  ProblemDetail rejectedByProvider(ProviderCalls.ProviderRejectedException e) {
    return problem(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, e.getMessage());
  }

  /**
   * Sentinel refused the call: our breaker on the method is open, or the provider shed it. Said at
   * once, with when to come back; never the 500 an unknown exception would be.
   */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> shed(ProviderCalls.ProviderShedException e) {
    log.debug("provider call refused by Sentinel: {}", e.getMessage());
    String detail =
        e.breakerOpen()
            ? "a service we depend on is failing; its calls are paused, retry later"
            : "a service we depend on is at its limit; retry later";
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
        .body(problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, detail));
  }

  /** A provider failed without naming why (its database, say): the backend, so retryable 503. */
  @ExceptionHandler
  ProblemDetail providerFailed(ProviderCalls.ProviderFailedException e) {
    // the first line only: the rest is the provider's stack trace as text
    String message = String.valueOf(e.getCause().getMessage());
    log.warn("provider failed: {}", message.lines().findFirst().orElse(""));
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        Problems.SERVICE_UNAVAILABLE,
        "a service we depend on failed; retry later");
  }

  @ExceptionHandler
  ProblemDetail unexpected(Exception e) {
    log.error("unexpected failure", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        Problems.INTERNAL_ERROR,
        "something went wrong on our side; the X-Request-Id header identifies this request");
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getFieldErrors().stream()
            .map(error -> error(error.getField(), error.getDefaultMessage()))
            .toList();
    return invalid(errors, headers);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                error(
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    error.getDefaultMessage())))
            .toList();
    return invalid(errors, headers);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return invalid(
        List.of(Map.of("field", e.getParameterName(), "message", "is required")), headers);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field =
        e instanceof MethodArgumentTypeMismatchException mismatch
            ? mismatch.getName()
            : String.valueOf(e.getPropertyName());
    Class<?> type = e.getRequiredType();
    String message =
        type == Long.class || type == long.class
            ? DecimalIds.reason()
            : type == null
                ? "cannot be read"
                : "cannot be read as " + type.getSimpleName().toLowerCase(Locale.ROOT);
    return invalid(List.of(Map.of("field", field, "message", message)), headers);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field =
          mapping.getPath().stream()
              .map(
                  reference ->
                      reference.getFieldName() != null
                          ? reference.getFieldName()
                          : String.valueOf(reference.getIndex()))
              .collect(Collectors.joining("."));
      String message =
          mapping instanceof MismatchedInputException mismatch
                  && isWholeNumber(mismatch.getTargetType())
              ? "must be a whole number"
              : "has a value of the wrong type";
      return invalid(List.of(Map.of("field", field, "message", message)), headers);
    }
    if (e.getCause() instanceof StreamReadException read) {
      Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(read.getOriginalMessage()));
      if (duplicate.find()) {
        return invalid(
            List.of(Map.of("field", duplicate.group(1), "message", "appears more than once")),
            headers);
      }
    }
    ProblemDetail body =
        problem(
            HttpStatus.BAD_REQUEST,
            Problems.INVALID_REQUEST,
            "the body must be a JSON object as documented");
    return ResponseEntity.badRequest().headers(headers).body(body);
  }

  /** Every other error Spring MVC raises (404 path, 405, 415...) gets a stable type too. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem && ABOUT_BLANK.equals(problem.getType())) {
      problem.setType(Problems.type(slugFor(status)));
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private static boolean isWholeNumber(@Nullable Class<?> type) {
    return type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class;
  }

  private static String slugFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> Problems.INVALID_REQUEST;
      case 404 -> Problems.NOT_FOUND;
      case 405 -> Problems.METHOD_NOT_ALLOWED;
      case 406 -> "not-acceptable";
      case 415 -> "unsupported-media-type";
      case 503 -> Problems.SERVICE_UNAVAILABLE;
      default -> status.is4xxClientError() ? Problems.INVALID_REQUEST : Problems.INTERNAL_ERROR;
    };
  }

  /** One entry of a 400 problem's {@code errors}: the field and what is wrong with it. */
  private static Map<String, String> error(String field, @Nullable String message) {
    return Map.of("field", field, "message", String.valueOf(message));
  }

  private static ResponseEntity<Object> invalid(
      List<Map<String, String>> errors, HttpHeaders headers) {
    String detail =
        errors.stream()
            .map(error -> error.get("field") + ": " + error.get("message"))
            .sorted()
            .collect(Collectors.joining("; "));
    ProblemDetail body = problem(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, detail);
    body.setProperty("errors", errors);
    return ResponseEntity.badRequest().headers(headers).body(body);
  }
}
