package dev.tandem.gateway.filter;

import dev.tandem.platform.deadline.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The gateway waits at most its response timeout for a request, counted from when it received it
 * (retries included), and tells site-service how much of that is left: {@value Deadline#HEADER} in
 * milliseconds, computed as each attempt is sent and replacing any value the client sent. A
 * relative value, so the clocks of the two hosts need not agree. site-service refuses a request
 * that arrives with 0 and caps its provider calls at the rest.
 *
 * <p>A retry gets what the first attempt left, and waits no longer than that; once nothing is left
 * it is not sent, and the caller gets the 504 problem the response timeout gives.
 */
@Configuration(proxyBeanMethods = false)
class Deadlines {

  static final String ATTRIBUTE = Deadlines.class.getName() + ".atNanos";

  @Bean
  GlobalFilter startDeadline(HttpClientProperties httpClient) {
    return new Start(responseTimeout(httpClient).toNanos());
  }

  @Bean
  GlobalFilter sendDeadline() {
    return new Send();
  }

  /** Before every other filter, the retry filter among them: the clock starts once per request. */
  private record Start(long timeoutNanos) implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      exchange.getAttributes().putIfAbsent(ATTRIBUTE, System.nanoTime() + timeoutNanos);
      return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  /**
   * Right before the request is sent, after load balancing, so that it runs again for a retry: the
   * retry filter replays the filters that follow it.
   */
  private static final class Send implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      Long atNanos = exchange.getAttribute(ATTRIBUTE);
      if (atNanos == null) {
        return chain.filter(exchange);
      }
      long remaining = TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime());
      if (remaining <= 0) {
        return Mono.error(timedOut());
      }
      var request =
          exchange
              .getRequest()
              .mutate()
              .headers(headers -> headers.set(Deadline.HEADER, Long.toString(remaining)))
              .build();
      return chain
          .filter(exchange.mutate().request(request).build())
          .timeout(Duration.ofMillis(remaining), Mono.error(Deadlines::timedOut));
    }

    @Override
    public int getOrder() {
      return NettyRoutingFilter.ORDER - 1;
    }
  }

  private static ResponseStatusException timedOut() {
    return new ResponseStatusException(
        HttpStatus.GATEWAY_TIMEOUT, "site-service did not answer within the response timeout");
  }

  /** The configured response timeout; without one, 10 s, so that a deadline is always sent. */
  static Duration responseTimeout(HttpClientProperties httpClient) {
    Duration configured = httpClient.getResponseTimeout();
    return configured != null ? configured : Duration.ofSeconds(10);
  }
}
