package dev.tandem.gateway.filter;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;

import dev.tandem.platform.problem.Problems;
import java.io.ByteArrayOutputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * A routed response is read whole from site-service before any of it is sent, and then sent in one
 * write with a {@code Content-Length}.
 *
 * <p>Read whole, and inside the route's retry: a site-service instance killed after sending its
 * headers but before the end of its body (Tomcat sends the last chunk in a write of its own) breaks
 * the response off on its way. Read as it streams, that break came after the retry had finished and
 * became a 503 to the user (measured: one home page in a site-kill drill of a CI run). Read here,
 * it is a failed attempt like a refused connection: passive health marks the instance and the
 * request is tried once more on another one.
 *
 * <p>Sent whole: a gateway killed between a response's headers and its body would leave nginx with
 * a response it has begun to pass on and cannot retry on the other gateway (measured: one home page
 * in a gateway-kill drill). Sent in one write, a response is either not begun, and nginx retries it
 * elsewhere, or complete.
 *
 * <p>Tandem's responses are small JSON documents. One that declares a length over {@code
 * tandem.gateway.whole-response-limit} (256 KiB unless set) is streamed on as it comes, and a break
 * in it cannot be retried; one without a length that grows past the limit is refused with 502,
 * since its beginning has been read and cannot be passed on.
 */
@Component
public class WholeResponses {

  private static final String BODY = WholeResponses.class.getName() + ".body";

  private final long limit;

  public WholeResponses(@Value("${tandem.gateway.whole-response-limit:262144}") long limit) {
    this.limit = limit;
  }

  /**
   * Reads the body once the routing filter has the response's head. Ordered after the load
   * balancer's filter, so that a break counts as the chosen instance's failure, and so inside the
   * route's retry filter (order 0), so that the break is retried.
   */
  @Component
  static final class Read implements GlobalFilter, Ordered {

    private final WholeResponses whole;

    Read(WholeResponses whole) {
      this.whole = whole;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      return chain.filter(exchange).then(Mono.defer(() -> whole.read(exchange)));
    }

    @Override
    public int getOrder() {
      return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
  }

  /** Writes what {@link Read} read, around the filter that would have streamed it instead. */
  @Component
  static final class Write implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      return chain.filter(exchange).then(Mono.defer(() -> write(exchange)));
    }

    @Override
    public int getOrder() {
      return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }
  }

  Mono<Void> read(ServerWebExchange exchange) {
    Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
    ServerHttpResponse response = exchange.getResponse();
    if (connection == null || response.getHeaders().getContentLength() > limit) {
      return Mono.empty();
    }
    return connection
        .inbound()
        .receive()
        .asByteArray()
        .reduce(new ByteArrayOutputStream(), this::append)
        .doOnNext(
            body -> {
              exchange.getAttributes().put(BODY, body.toByteArray());
              // read to its end: the connection is back in the pool, nothing is left to stream
              exchange.getAttributes().remove(CLIENT_RESPONSE_CONN_ATTR);
            })
        .onErrorResume(
            error -> {
              forgetUpstreamHeaders(response);
              return Mono.error(error);
            })
        .then();
  }

  private ByteArrayOutputStream append(ByteArrayOutputStream body, byte[] piece) {
    if (body.size() + (long) piece.length > limit) {
      throw new ResponseStatusException(
          HttpStatus.BAD_GATEWAY,
          "site-service sent a response without a length that is larger than"
              + " tandem.gateway.whole-response-limit ("
              + limit
              + " bytes)");
    }
    body.writeBytes(piece);
    return body;
  }

  private static Mono<Void> write(ServerWebExchange exchange) {
    byte[] body = exchange.getAttribute(BODY);
    if (body == null) {
      return Mono.empty();
    }
    ServerHttpResponse response = exchange.getResponse();
    response.getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
    if (body.length == 0) {
      return response.setComplete();
    }
    response.getHeaders().setContentLength(body.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  /**
   * The headers site-service sent describe a body that never came whole; the retry, or the error
   * response written instead, must not carry them. The request id stays.
   */
  private static void forgetUpstreamHeaders(ServerHttpResponse response) {
    if (response.isCommitted()) {
      return;
    }
    String requestId = response.getHeaders().getFirst(Problems.REQUEST_ID_HEADER);
    response.getHeaders().clear();
    if (requestId != null) {
      response.getHeaders().set(Problems.REQUEST_ID_HEADER, requestId);
    }
  }
}
