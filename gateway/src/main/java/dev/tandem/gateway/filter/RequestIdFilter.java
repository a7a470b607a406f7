package dev.tandem.gateway.filter;

import dev.tandem.platform.problem.Problems;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}: the caller's, when it sent a sensible one, else a
 * new UUID. The id goes on to site-service and back to the caller, on errors too, so one id ties
 * together the client's report and every log line. A {@code WebFilter} rather than a route filter,
 * so that requests no route matches (404) and the gateway's own errors carry it as well.
 */
@Component
public class RequestIdFilter implements WebFilter, Ordered {

  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  /** Anything else (too long, odd characters) is replaced rather than passed on into logs. */
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = exchange.getRequest().getHeaders().getFirst(Problems.REQUEST_ID_HEADER);
    if (id == null || !ACCEPTABLE.matcher(id).matches()) {
      id = UUID.randomUUID().toString();
    }
    String requestId = id;
    ServerHttpRequest request =
        exchange
            .getRequest()
            .mutate()
            .headers(headers -> headers.set(Problems.REQUEST_ID_HEADER, requestId))
            .build();
    exchange.getResponse().getHeaders().set(Problems.REQUEST_ID_HEADER, requestId);
    return chain.filter(exchange.mutate().request(request).build());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
