package dev.tandem.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;

class WholeResponsesTest {

  static DataBuffer text(String text) {
    return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  static MockServerWebExchange send(long limit, String... pieces) {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.get("/api/members/1"));
    new WholeResponses(limit)
        .filter(
            exchange,
            routed ->
                routed
                    .getResponse()
                    .writeWith(Flux.fromArray(pieces).map(WholeResponsesTest::text)))
        .block();
    return exchange;
  }

  @Test
  void aResponseWithinTheLimitGoesOutWholeWithItsLength() {
    MockServerWebExchange exchange = send(64, "{\"a\":", "1,", "\"b\":2}");

    assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(13);
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void aResponseOverTheLimitIsStreamedOnComplete() {
    MockServerWebExchange exchange = send(4, "{\"a\":", "1,", "\"b\":2}");

    assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(-1);
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void anEmptyResponseStaysEmpty() {
    MockServerWebExchange exchange = send(64);

    assertThat(exchange.getResponse().getBodyAsString().block()).isEmpty();
  }
}
