package dev.tandem.platform.shutdown;

import java.util.List;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.apache.dubbo.rpc.model.ProviderModel;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Part of readiness: a Dubbo provider is ready only while every service it exports is registered,
 * so "ready" means consumers can find it (what a rolling restart waits for before it stops the next
 * instance), and stops meaning so the moment the instance leaves. A provider configured without a
 * registry has nothing to wait for. It relies on Dubbo's record of each registration, which is
 * right for one Dubbo application per JVM, as services run (not for two in one test JVM).
 */
final class RegistrationHealthIndicator extends AbstractHealthIndicator {

  private final ModuleModel module;

  RegistrationHealthIndicator(ModuleModel module) {
    this.module = module;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    List<ProviderModel> exported = module.getServiceRepository().getExportedServices();
    List<String> unregistered =
        exported.stream()
            .filter(
                p ->
                    !p.getStatedUrl().stream()
                        .allMatch(ProviderModel.RegisterStatedURL::isRegistered))
            .map(ProviderModel::getServiceKey)
            .toList();
    health.withDetail("exported", exported.size());
    health.withDetail(
        "registrations",
        exported.stream()
            .flatMap(p -> p.getStatedUrl().stream())
            .map(u -> u.getRegistryUrl().getProtocol() + "=" + u.isRegistered())
            .toList());
    if (unregistered.isEmpty()) {
      health.up();
    } else {
      health.down().withDetail("unregistered", unregistered);
    }
  }
}
