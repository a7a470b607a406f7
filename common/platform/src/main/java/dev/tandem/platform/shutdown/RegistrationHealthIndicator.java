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
 *
 * <p><b>While the registry is lost it stays UP</b>, on purpose. "Registered" here is this
 * instance's side of the registration: done at export, undone only when the instance leaves
 * (shutdown, {@code offline}). Dubbo keeps that record through a registry outage and registers
 * again by itself on its new session, so it does not follow the registry's reachability, and this
 * check never asks the registry (a probe that waits on a dead registry is a failed probe). That is
 * the answer readiness should give: the instance still serves, and its consumers still call it from
 * the provider lists they hold (they keep them, see {@code dubbo.registry.enable-empty-protection}
 * in {@code PlatformDefaults}). A registry outage strikes every instance at once; were readiness to
 * follow it, every instance would turn unready together, Kubernetes would take every endpoint out
 * and a rolling restart would stall: the loss of the control plane would become an outage of the
 * data plane, which is what issue 9 rules out. Measured on a lite cluster with ZooKeeper killed for
 * about 35 s: readiness stayed 200 on all four services and no request failed.
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
