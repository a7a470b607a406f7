package dev.tandem.platform.warmup;

import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.dubbo.qos.command.impl.Online;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A Dubbo provider's registration, held back until it is warm. Providers export with {@code
 * dubbo.registry.register=false} (a platform default), so their port is open but nobody finds them;
 * once the context has started, this runs the service's {@link ProviderWarmUp} rounds, then
 * registers every exported service (what Dubbo's {@code online} command does). Readiness, which
 * includes registration, turns ready only after that. Without it, consumers sent their first calls
 * to a cold provider the moment it registered, and those timed out on a busy machine.
 */
final class WarmThenRegister implements ApplicationListener<ApplicationStartedEvent> {

  private static final Log log = LogFactory.getLog(WarmThenRegister.class);

  private final ModuleModel module;
  private final List<ProviderWarmUp> warmUps;
  private final WarmUpSettings settings;

  WarmThenRegister(ModuleModel module, List<ProviderWarmUp> warmUps, WarmUpSettings settings) {
    this.module = module;
    this.warmUps = warmUps;
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    if (module.getServiceRepository().getExportedServices().isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + settings.limit().toNanos();
    int rounds = 0;
    for (;
        rounds < settings.rounds() && !warmUps.isEmpty() && System.nanoTime() < deadline;
        rounds++) {
      for (ProviderWarmUp warmUp : warmUps) {
        try {
          warmUp.call();
        } catch (Exception expected) {
          // the answer is not the point; the paths it took are
        }
      }
    }
    long warmed = System.nanoTime();
    new Online(module.getApplicationModel().getFrameworkModel()).online(".*");
    log.info(
        "warm-up: "
            + rounds
            + " rounds in "
            + (warmed - start) / 1_000_000
            + " ms, then registered "
            + module.getServiceRepository().getExportedServices().size()
            + " services in "
            + (System.nanoTime() - warmed) / 1_000_000
            + " ms");
  }
}
