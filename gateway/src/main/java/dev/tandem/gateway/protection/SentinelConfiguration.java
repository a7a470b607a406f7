package dev.tandem.gateway.protection;

import com.alibaba.csp.sentinel.adapter.gateway.sc.SentinelGatewayFilter;
import com.alibaba.csp.sentinel.adapter.gateway.sc.callback.BlockRequestHandler;
import com.alibaba.csp.sentinel.adapter.gateway.sc.callback.GatewayCallbackManager;
import com.alibaba.csp.sentinel.adapter.gateway.sc.exception.SentinelGatewayBlockExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Sentinel's flow control on the routes: every request through a route is an entry of the route's
 * resource ({@code site-api}) and of each API group its path belongs to; the rules on those
 * resources ({@code gw-flow}, {@code gw-api-group}) come live from ZooKeeper through the platform's
 * {@code RuleSources}, with defaults in {@code infra/sentinel/gateway.json}. A refused request ends
 * in 429 problem+json ({@link TooManyRequests}).
 *
 * <p>The filter is a global filter: it runs after every {@code WebFilter}, so after the token was
 * verified and {@code X-Tandem-Member} set ({@code filter.MemberHeader}), and after risk control.
 * First among the global filters, so that a shed request costs no retry and no instance choice.
 */
@Configuration(proxyBeanMethods = false)
class SentinelConfiguration {

  @Bean
  GlobalFilter sentinelGatewayFilter() {
    return new SentinelGatewayFilter(Ordered.HIGHEST_PRECEDENCE, new ForwardedClientAddress());
  }

  @Bean
  BlockRequestHandler tooManyRequests() {
    return new TooManyRequests();
  }

  /**
   * The adapter's handler turns a block into the {@link BlockRequestHandler}'s answer; it leaves
   * every other error to the next handler. Before {@code problem.ProblemExceptionHandler} (order
   * -2), which would otherwise take a block for a failure of ours.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  WebExceptionHandler sentinelBlocks(
      ObjectProvider<ViewResolver> views, ServerCodecConfigurer codecs) {
    return new SentinelGatewayBlockExceptionHandler(views.orderedStream().toList(), codecs);
  }

  /** The adapter looks its handler up in a static; set once the bean exists. */
  @Bean
  SmartInitializingSingleton sentinelBlockHandlerInstalled(BlockRequestHandler handler) {
    return () -> GatewayCallbackManager.setBlockHandler(handler);
  }
}
