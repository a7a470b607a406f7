package dev.tandem.gateway.problem;

import dev.tandem.platform.problem.Problems;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Answers a request whose target is no URI at all (a percent sign not followed by two hex digits, a
 * space, a backslash) with a 400 {@code invalid-request} problem, and closes the connection.
 *
 * <p>Spring's adapter to Reactor Netty parses the target before any filter or handler runs, and
 * answers a target it cannot parse with an empty 400: no problem document, no request id. nginx
 * refuses such targets before they reach a gateway, with the same problem type; this is for what
 * reaches a gateway directly (a health checker, another service in its network, a test). It sits in
 * each connection's Netty pipeline right after the HTTP codec, so it sees a request before Spring
 * does. What arrives of the refused request's body is dropped, and the connection closes after the
 * answer rather than staying in step with a client that sent something this broken.
 */
final class UnparsableTargets extends ChannelInboundHandlerAdapter {

  static final String DETAIL =
      "the request target is not a valid URI: every percent sign must start an escape of two hex"
          + " digits, and spaces and other unsafe characters must be escaped";

  /** The rest of a refused request's body is still arriving. */
  private boolean discarding;

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (message instanceof HttpRequest request && !parses(request.uri())) {
      discarding = !(message instanceof LastHttpContent);
      ReferenceCountUtil.release(message);
      context.writeAndFlush(refusal()).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (discarding && message instanceof HttpContent) {
      discarding = !(message instanceof LastHttpContent);
      ReferenceCountUtil.release(message);
      return;
    }
    context.fireChannelRead(message);
  }

  /** What Spring's {@code ReactorServerHttpRequest} requires of the target, and nothing more. */
  static boolean parses(String target) {
    try {
      new URI(target);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static FullHttpResponse refusal() {
    String body =
        "{\"type\":\""
            + Problems.type(Problems.INVALID_REQUEST)
            + "\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\""
            + DETAIL
            + "\"}";
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.BAD_REQUEST,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(Problems.REQUEST_ID_HEADER, UUID.randomUUID().toString());
    return response;
  }
}
