package dev.tandem.platform.warmup;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Warms a new instance up before anyone can find it. A JVM that just started answers its first
 * requests several times slower than later ones (class loading, JIT, first connections), slow
 * enough on a busy machine that the first home pages miss their section budget. Spring Cloud
 * registers an instance as soon as its web server listens; this runs at that moment, first, and
 * calls the instance's own read paths ({@code tandem.warm-up.paths}) until warm, so discovery only
 * ever hands out warm instances. Dubbo is started here, earlier than it would start by itself,
 * because those paths call providers.
 */
final class WarmUp implements ApplicationListener<WebServerInitializedEvent>, Ordered {

  private static final Log log = LogFactory.getLog(WarmUp.class);

  private final WarmUpSettings settings;
  private final Environment environment;
  private final List<WarmUpAutoConfiguration.BeforeWarmUp> beforeWarmUp;
  private final WarmUpAuthorization authorization;

  WarmUp(
      WarmUpSettings settings,
      Environment environment,
      List<WarmUpAutoConfiguration.BeforeWarmUp> beforeWarmUp,
      WarmUpAuthorization authorization) {
    this.settings = settings;
    this.environment = environment;
    this.beforeWarmUp = beforeWarmUp;
    this.authorization = authorization;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (settings.paths().isEmpty()
        || "management".equals(event.getApplicationContext().getServerNamespace())) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + settings.limit().toNanos();
    beforeWarmUp.forEach(WarmUpAutoConfiguration.BeforeWarmUp::run);
    String host = environment.getProperty("server.address", "127.0.0.1");
    if (host.equals("0.0.0.0")) {
      host = InetAddress.getLoopbackAddress().getHostAddress();
    }
    String base = "http://" + host + ":" + event.getWebServer().getPort();
    long first = -1;
    long last = -1;
    int calls = 0;
    String credentials = authorization.get();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      for (int round = 0; round < settings.rounds() && System.nanoTime() < deadline; round++) {
        long roundStart = System.nanoTime();
        for (String path : settings.paths()) {
          call(http, base + path, credentials);
          calls++;
        }
        long took = (System.nanoTime() - roundStart) / 1_000_000;
        if (first < 0) {
          first = took;
        }
        last = took;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info(
        "warm-up: "
            + calls
            + " calls in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms before registering; a round of "
            + settings.paths().size()
            + " paths took "
            + first
            + " ms first, "
            + last
            + " ms last");
  }

  private static void call(HttpClient http, String uri, String credentials)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5));
    if (credentials != null) {
      request.header("Authorization", credentials);
    }
    try {
      http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      // An answer is not the point; the paths it took are.
    }
  }

  /** Before Spring Cloud's registration, which listens for the same event. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
