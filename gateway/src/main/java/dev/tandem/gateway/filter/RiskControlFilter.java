package dev.tandem.gateway.filter;

import dev.tandem.gateway.risk.RiskControl;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Asks risk control about every request (block list, shared limits on claims and registrations),
 * after {@link MemberHeader} has named the member from the verified token and before the routes and
 * Sentinel: a refused request reaches no instance. Actuator paths are left alone: the probes that
 * decide an instance's health must not depend on who is blocked.
 */
@Component
public class RiskControlFilter implements WebFilter, Ordered {

  public static final int ORDER = MemberHeader.ORDER + 10;

  private final RiskControl risk;

  RiskControlFilter(RiskControl risk) {
    this.risk = risk;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (exchange.getRequest().getPath().value().startsWith("/actuator/")) {
      return chain.filter(exchange);
    }
    return risk.check(
            exchange.getRequest(),
            ClientAddress.of(exchange),
            exchange.getRequest().getHeaders().getFirst(MemberHeader.NAME))
        .then(Mono.defer(() -> chain.filter(exchange)));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
