package dev.tandem.gateway.route;

import java.io.IOException;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * {@code /api/**} goes to an instance of {@value #SITE_SERVICE}, chosen round-robin among those
 * registered in discovery; so does {@code /.well-known/jwks.json}, the public keys site-service
 * signs access tokens with, for verifiers outside the cluster.
 *
 * <p>A request is tried again, on the next instance, when the connection fails (refused, reset,
 * unreachable: a killed or stopped instance) or the instance answers 503 (it is shutting down or
 * cannot reach its own dependencies). That includes writes: every write carries an {@code
 * Idempotency-Key} that site-service passes into the provider's command, the provider stores the
 * key with the change, and a replay returns the first result. So a write that did reach an instance
 * before its connection broke is not applied twice when the retry reaches another one. A response
 * that is merely slow is not retried: the first attempt may still be working, and a second would
 * only add load to a service that is already struggling.
 */
@Configuration(proxyBeanMethods = false)
class SiteRoute {

  static final String SITE_SERVICE = "site-service";

  static final String SERVER_TIMING = "Server-Timing";

  /**
   * One retry, on another instance (passive health steers it away from the one that just failed):
   * every tier retries at most once, so a client's write reaches at most 2 (nginx) × 2 (here) × 2
   * (Dubbo) provider attempts, not the 27 that three retries at three tiers made possible.
   */
  static final int RETRIES = 1;

  @Bean
  RouteLocator siteRoutes(RouteLocatorBuilder routes) {
    return routes
        .routes()
        .route(
            "site-api",
            route ->
                route
                    // the JWKS document too: external verifiers read the keys at the entry URL
                    .path("/api/**", "/.well-known/jwks.json")
                    .filters(
                        filters ->
                            filters
                                .retry(SiteRoute::retryOnAnotherInstance)
                                // site-service's per-dependency timings are for inside the
                                // cluster (the benchmark reads them there), not for clients
                                .removeResponseHeader(SERVER_TIMING))
                    .uri("lb://" + SITE_SERVICE))
        .build();
  }

  private static void retryOnAnotherInstance(RetryConfig retry) {
    retry
        .setRetries(RETRIES)
        .setMethods(
            HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
        .setStatuses(HttpStatus.SERVICE_UNAVAILABLE)
        .setSeries()
        .setExceptions(IOException.class)
        .setBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, false);
  }
}
