package dev.tandem.gateway.filter;

import dev.tandem.platform.problem.Problems;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends a routed response only once all of it has arrived from site-service, in one write with a
 * {@code Content-Length}.
 *
 * <p>Streamed through, a response leaves the gateway in pieces: the headers as soon as site-service
 * sent them, the body after. A gateway killed between the two leaves nginx with a response it has
 * begun to pass on and cannot retry on the other gateway; the user gets a cut-off page (measured:
 * one home page in the gateway-kill drill of a CI run). Sent whole, a response is either not begun,
 * and nginx retries it elsewhere, or complete. A response that breaks off on its way from
 * site-service becomes a clean 503 problem instead of a truncated 200.
 *
 * <p>Tandem's responses are small JSON documents. One larger than {@code
 * tandem.gateway.whole-response-limit} (256 KiB unless set) is streamed on from that point, as
 * before: the first part in one piece, the rest as it comes.
 */
@Component
public class WholeResponses implements GlobalFilter, Ordered {

  /** Around the filter that writes the routed response, so that it writes through us. */
  public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

  private final long limit;

  public WholeResponses(@Value("${tandem.gateway.whole-response-limit:262144}") long limit) {
    this.limit = limit;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return chain.filter(exchange.mutate().response(new Whole(exchange.getResponse())).build());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  private final class Whole extends ServerHttpResponseDecorator {

    Whole(ServerHttpResponse delegate) {
      super(delegate);
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      AtomicLong seen = new AtomicLong();
      // One list at the end of the body, or one when the limit is crossed and then one per buffer.
      Flux<List<DataBuffer>> parts =
          Flux.from(body)
              .map(DataBuffer.class::cast)
              .bufferUntil(buffer -> seen.addAndGet(buffer.readableByteCount()) > limit)
              .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
              .onErrorResume(
                  error -> {
                    forgetUpstreamHeaders();
                    return Mono.error(error);
                  });
      return parts
          .switchOnFirst(
              (first, all) -> {
                if (first.isOnError()) {
                  return Mono.error(first.getThrowable());
                }
                if (first.hasValue() && seen.get() <= limit) {
                  DataBuffer whole = join(first.get());
                  getHeaders().setContentLength(whole.readableByteCount());
                  getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
                  return super.writeWith(Mono.just(whole));
                }
                return super.writeWith(all.map(this::join));
              })
          .then();
    }

    private DataBuffer join(List<DataBuffer> buffers) {
      return bufferFactory().join(buffers);
    }

    /**
     * The headers site-service sent describe a body that never came whole; the error response
     * written instead must not carry them. The request id stays.
     */
    private void forgetUpstreamHeaders() {
      if (isCommitted()) {
        return;
      }
      String requestId = getHeaders().getFirst(Problems.REQUEST_ID_HEADER);
      getHeaders().clear();
      if (requestId != null) {
        getHeaders().set(Problems.REQUEST_ID_HEADER, requestId);
      }
    }
  }
}
