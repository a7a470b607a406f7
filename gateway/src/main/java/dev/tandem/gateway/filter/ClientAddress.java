package dev.tandem.gateway.filter;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who sent a request, as limits and the block list count it: the {@code X-Real-IP} that nginx sets
 * to its peer's address (overwriting whatever the client sent), else the socket's peer. Behind
 * nginx the socket's peer is always nginx itself, so limits on it would lump every user together.
 *
 * <p>A request sent straight to a gateway (inside the network, without nginx) could name any
 * address here; such a sender is already inside, and gains only a different bucket for the
 * per-address limits, not a way around the per-member ones or the route's cap.
 */
public final class ClientAddress {

  public static final String REAL_IP = "X-Real-IP";

  /** An IPv4 or IPv6 literal; anything else is not an address and not a bucket to create. */
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private ClientAddress() {}

  public static String of(ServerWebExchange exchange) {
    String real = exchange.getRequest().getHeaders().getFirst(REAL_IP);
    if (real != null && LITERAL.matcher(real).matches()) {
      return real;
    }
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    if (peer == null) {
      return "unknown";
    }
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }
}
