package dev.tandem.platform.shutdown;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The first two steps of the shutdown sequence (see the package description): leave, then wait. It
 * runs when the context closes, before anything is stopped: ahead of every other listener of that
 * event (Dubbo's among them) and before Spring stops any lifecycle, the web server's included.
 */
final class GracefulShutdown implements ApplicationListener<ContextClosedEvent>, Ordered {

  private static final Log log = LogFactory.getLog(GracefulShutdown.class);

  private final ApplicationContext context;
  private final List<RegistryExit> exits;
  private final ShutdownSettings settings;

  GracefulShutdown(
      ApplicationContext context, List<RegistryExit> exits, ShutdownSettings settings) {
    this.context = context;
    this.exits = exits;
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    // Child contexts (one per load-balanced client, say) publish their closing to us too.
    if (event.getApplicationContext() != context) {
      return;
    }
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    List<String> left = new ArrayList<>();
    for (RegistryExit exit : exits) {
      try {
        String what = exit.leave();
        if (!what.isEmpty()) {
          left.add(what);
        }
      } catch (RuntimeException e) {
        // A registry that cannot be reached drops this instance when its session expires.
        log.warn("shutdown: could not leave a registry (" + e + "); going on");
      }
    }
    log.info(
        "shutdown: readiness down; left "
            + (left.isEmpty() ? "no registry" : String.join(", ", left))
            + "; serving "
            + settings.quietPeriod().toMillis()
            + " ms more before draining");
    try {
      Thread.sleep(settings.quietPeriod());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("shutdown: draining in-flight requests");
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
