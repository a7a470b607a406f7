package dev.tandem.gateway.protection;

import com.alibaba.csp.sentinel.adapter.gateway.sc.callback.BlockRequestHandler;
import com.alibaba.csp.sentinel.slots.block.BlockException;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule;
import dev.tandem.platform.problem.Problems;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a client gets when a Sentinel rule sheds its request: 429 {@code too-many-requests} with
 * {@code Retry-After}, as problem+json like every other gateway error (the adapter's default is a
 * plain-text 429 with no hint of when to come back).
 *
 * <p>Every gateway rule is enforced as a hot-parameter rule whose window is its {@code
 * intervalSec}: a refused client may try again when the window ends, so that is the wait it is
 * told. Any other block waits one second, Sentinel's usual window.
 */
final class TooManyRequests implements BlockRequestHandler {

  @Override
  public Mono<ServerResponse> handleRequest(ServerWebExchange exchange, Throwable refusal) {
    ProblemDetail problem =
        Problems.problem(
            HttpStatus.TOO_MANY_REQUESTS,
            Problems.TOO_MANY_REQUESTS,
            "too many requests; retry after the number of seconds in Retry-After");
    problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(refusal)))
        .bodyValue(problem);
  }

  static long retryAfterSeconds(Throwable refusal) {
    if (refusal instanceof BlockException blocked
        && blocked.getRule() instanceof ParamFlowRule rule) {
      return Math.max(1, rule.getDurationInSec());
    }
    return 1;
  }
}
