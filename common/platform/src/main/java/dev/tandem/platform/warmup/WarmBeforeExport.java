package dev.tandem.platform.warmup;

import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * Warms a Dubbo provider up before it exports and registers: Dubbo does both when the context has
 * refreshed, and this runs first on that event, calling the service's {@link ProviderWarmUp} rounds
 * in process. Without it, consumers sent their first calls to a cold provider the moment it
 * registered, and on a busy machine those timed out.
 */
final class WarmBeforeExport implements ApplicationListener<ContextRefreshedEvent>, Ordered {

  private static final Log log = LogFactory.getLog(WarmBeforeExport.class);

  private final ApplicationContext context;
  private final List<ProviderWarmUp> warmUps;
  private final WarmUpSettings settings;

  WarmBeforeExport(
      ApplicationContext context, List<ProviderWarmUp> warmUps, WarmUpSettings settings) {
    this.context = context;
    this.warmUps = warmUps;
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(ContextRefreshedEvent event) {
    if (event.getApplicationContext() != context || warmUps.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + settings.limit().toNanos();
    int rounds = 0;
    for (; rounds < settings.rounds() && System.nanoTime() < deadline; rounds++) {
      for (ProviderWarmUp warmUp : warmUps) {
        try {
          warmUp.call();
        } catch (Exception expected) {
          // the answer is not the point; the paths it took are
        }
      }
    }
    log.info(
        "warm-up: "
            + rounds
            + " rounds in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms before exporting");
  }

  /** Before Dubbo's own listener, which exports and registers. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
