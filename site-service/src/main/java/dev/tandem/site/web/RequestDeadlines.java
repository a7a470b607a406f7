package dev.tandem.site.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.deadline.Deadline;
import dev.tandem.platform.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves each request within the deadline its caller set: {@value Deadline#HEADER} milliseconds
 * from now (the gateway sends what is left of its own response timeout), or {@link
 * Settings#defaultTimeout()} when the header is absent (a caller inside the cluster, the warm-up).
 *
 * <ul>
 *   <li>no time left (0): 503 problem with {@code Retry-After} at once, before the token is checked
 *       or any provider is called: the gateway has given up on it, and the work would be wasted;
 *   <li>not a decimal number of milliseconds: 400, naming the header;
 *   <li>otherwise the deadline is bound to the request's thread, and every Dubbo call made for it
 *       is capped at the time that remains ({@code dev.tandem.platform.deadline.DeadlineFilter}).
 * </ul>
 *
 * First among the filters, so that a refused request costs nothing else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(RequestDeadlines.Settings.class)
class RequestDeadlines extends OncePerRequestFilter {

  /** At most 9 digits: a deadline of more than 11 days is a mistake, and the value fits a long. */
  private static final Pattern MILLIS = Pattern.compile("[0-9]{1,9}");

  private final Settings settings;
  private final ObjectMapper json;

  RequestDeadlines(Settings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(Deadline.HEADER);
    long millis;
    if (header == null) {
      millis = settings.defaultTimeout().toMillis();
    } else if (MILLIS.matcher(header).matches()) {
      millis = Long.parseLong(header);
    } else {
      write(
          response,
          Problems.problem(
              HttpStatus.BAD_REQUEST,
              Problems.INVALID_REQUEST,
              Deadline.HEADER + " must be a whole number of milliseconds (0 to 999999999)"));
      return;
    }
    if (millis == 0) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      write(
          response,
          Problems.problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              Problems.SERVICE_UNAVAILABLE,
              "the request's deadline passed before it could be served; retry"));
      return;
    }
    try (var bound = Deadline.in(millis).bind()) {
      chain.doFilter(request, response);
    }
  }

  private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  /**
   * @param defaultTimeout the deadline of a request that names none: as long as the gateway's own
   *     response timeout, the longest anyone outside waits
   */
  @Validated
  @ConfigurationProperties("tandem.deadline")
  record Settings(@NotNull Duration defaultTimeout) {}
}
