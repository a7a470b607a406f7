package dev.tandem.site.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.problem.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem+json, like every other error. The {@code WWW-Authenticate} header comes
 * from Spring's bearer-token handlers ({@code error="invalid_token"} when a token was sent and
 * refused); the body never repeats the token or says why it was refused beyond that.
 *
 * <p>When the keys cannot be read at all, no client mistake is involved: 503, retryable.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
  private final AccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
  private final ObjectMapper json;

  ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, ServletException {
    // Spring reports a key source that fails (not a bad token) as AuthenticationServiceException.
    if (e instanceof AuthenticationServiceException) {
      log.warn("cannot verify tokens: {}", e.getMessage());
      write(
          response,
          Problems.problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              Problems.SERVICE_UNAVAILABLE,
              "tokens cannot be verified right now; retry later"));
      return;
    }
    bearer.commence(request, response, e);
    write(
        response,
        Problems.problem(
            HttpStatus.UNAUTHORIZED,
            Problems.UNAUTHORIZED,
            "this needs a valid access token: Authorization: Bearer TOKEN (POST /api/sessions)"));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException, ServletException {
    bearerDenied.handle(request, response, e);
    write(
        response,
        Problems.problem(
            HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "your token does not grant this request"));
  }

  private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
