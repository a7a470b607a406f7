package dev.tandem.gateway.filter;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Names the member a request acts as in {@code X-Tandem-Member}: the subject of a verified access
 * token with scope {@code member}, and nothing else. Limits per member read it there (Sentinel's
 * hot-parameter rules can read a header, not a token; risk control reads the same value), so a
 * client's own {@code X-Tandem-Member} is always removed first: otherwise it could spend another
 * member's allowance, or dodge its own.
 *
 * <p>Runs after Spring Security's chain (order -100), which has verified the token by then; on
 * public paths the token is not read, and no member is named.
 */
@Component
public class MemberHeader implements WebFilter, Ordered {

  public static final String NAME = "X-Tandem-Member";

  /** After Spring Security's filter chain (-100), before risk control and the routes. */
  public static final int ORDER = -50;

  private static final String MEMBER_SCOPE = "SCOPE_member";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerWebExchange stripped =
        exchange.getRequest().getHeaders().containsKey(NAME)
            ? exchange
                .mutate()
                .request(exchange.getRequest().mutate().headers(h -> h.remove(NAME)).build())
                .build()
            : exchange;
    return stripped
        .getPrincipal()
        .filter(principal -> principal instanceof Authentication token && isMember(token))
        .map(
            member -> {
              ServerHttpRequest named =
                  stripped
                      .getRequest()
                      .mutate()
                      .headers(headers -> headers.set(NAME, member.getName()))
                      .build();
              return stripped.mutate().request(named).build();
            })
        .defaultIfEmpty(stripped)
        .flatMap(chain::filter);
  }

  private static boolean isMember(Authentication token) {
    return token.isAuthenticated()
        && token.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .anyMatch(MEMBER_SCOPE::equals);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
