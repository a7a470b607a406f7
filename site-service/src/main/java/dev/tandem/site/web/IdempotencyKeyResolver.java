package dev.tandem.site.web;

import dev.tandem.platform.problem.Problems;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link IdempotencyKey} parameters from the header, refusing a missing or bad one. */
class IdempotencyKeyResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == IdempotencyKey.class;
  }

  @Override
  public IdempotencyKey resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    String value = request.getHeader(Problems.IDEMPOTENCY_KEY_HEADER);
    if (value == null || value.isBlank()) {
      throw new IdempotencyKeyRequiredException(
          "this request changes state: send an Idempotency-Key header (e.g. a UUID) and reuse it"
              + " when retrying");
    }
    if (value.length() > IdempotencyKey.MAX_LENGTH) {
      throw new IdempotencyKeyRequiredException(
          "the Idempotency-Key header is longer than " + IdempotencyKey.MAX_LENGTH + " characters");
    }
    return new IdempotencyKey(value);
  }
}
