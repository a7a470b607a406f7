package dev.tandem.gateway.protection;

import com.alibaba.csp.sentinel.adapter.gateway.sc.ServerWebExchangeItemParser;
import dev.tandem.gateway.filter.ClientAddress;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sentinel's "client IP" parameter, as risk control and the block list see it: nginx's {@code
 * X-Real-IP}, else the socket's peer. The adapter's own choice, the socket's peer, is nginx for
 * every request behind it; and a header-parameter rule on {@code X-Real-IP} would let every request
 * without the header pass uncounted. This way a rule per client address counts every request.
 */
final class ForwardedClientAddress extends ServerWebExchangeItemParser {

  @Override
  public String getRemoteAddress(ServerWebExchange exchange) {
    return ClientAddress.of(exchange);
  }
}
