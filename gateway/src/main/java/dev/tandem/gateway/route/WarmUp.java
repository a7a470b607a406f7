package dev.tandem.gateway.route;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Makes the gateway's first requests as fast as its later ones by doing their one-time work before
 * the web server opens its port.
 *
 * <p>nginx finds the gateways by address, not through a registry that waits for readiness: it sends
 * a request as soon as the port accepts connections. Left to that first request, a new gateway
 * fetches the key set, creates the load balancer for {@value SiteRoute#SITE_SERVICE} and opens its
 * first connections there, all on a JVM that has just started; during a rolling restart on two busy
 * cores that took more than the drill's 5 s (measured: one points request timed out on the gateway
 * that had just started, in a CI run). So this runs first, in the lifecycle phase before the web
 * server's: it fetches the key set through the decoder every token goes through (a token with a key
 * id nobody has makes it fetch), chooses an instance the way the route does, and reads that
 * instance's key set through the client the route uses.
 *
 * <p>Each step is bounded by {@code tandem.gateway.warm-up-step} (10 s unless set). A step that
 * fails is logged and skipped: a gateway whose site-services are all down still starts, and answers
 * 503 problems until one is back.
 */
@Component
class WarmUp implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  private final ReactiveJwtDecoder tokens;
  private final LoadBalancerClientFactory balancers;
  private final HttpClient routeClient;
  private final String algorithm;
  private final Duration step;
  private volatile boolean running;

  WarmUp(
      ReactiveJwtDecoder tokens,
      LoadBalancerClientFactory balancers,
      HttpClient routeClient,
      @Value("${tandem.security.algorithms:ES256}") List<String> algorithms,
      @Value("${tandem.gateway.warm-up-step:10s}") Duration step) {
    this.tokens = tokens;
    this.balancers = balancers;
    this.routeClient = routeClient;
    this.algorithm = algorithms.getFirst();
    this.step = step;
  }

  @Override
  public void start() {
    long began = System.nanoTime();
    fetchKeys();
    routeOnce();
    log.info(
        "warm-up: done in {} ms, before the port opens", (System.nanoTime() - began) / 1_000_000);
    running = true;
  }

  /** A token no key verifies: the decoder fetches the key set to look for its key, then refuses. */
  private void fetchKeys() {
    String header = "{\"alg\":\"" + algorithm + "\",\"kid\":\"tandem-warm-up\",\"typ\":\"JWT\"}";
    String token = encode(header) + "." + encode("{}") + "." + encode("warm-up");
    try {
      tokens.decode(token).block(step);
      log.warn("warm-up: a token signed by no key was accepted; check tandem.security");
    } catch (RuntimeException expected) {
      log.debug("warm-up: key set fetched, the made-up token refused ({})", expected.toString());
    }
  }

  private void routeOnce() {
    try {
      ServiceInstance instance =
          Mono.from(balancers.getInstance(SiteRoute.SITE_SERVICE).choose())
              .mapNotNull(Response::getServer)
              .block(step);
      if (instance == null) {
        log.info("warm-up: no {} instance to warm the route with", SiteRoute.SITE_SERVICE);
        return;
      }
      Integer status =
          routeClient
              .get()
              .uri(instance.getUri().resolve("/.well-known/jwks.json").toString())
              .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
              .block(step);
      log.info("warm-up: {} answered {} through the route's client", instance.getUri(), status);
    } catch (RuntimeException e) {
      log.warn("warm-up: could not reach {} ({}); going on", SiteRoute.SITE_SERVICE, e.toString());
    }
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the web server starts, which is in the phase before its graceful shutdown's. */
  @Override
  public int getPhase() {
    return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
  }
}
