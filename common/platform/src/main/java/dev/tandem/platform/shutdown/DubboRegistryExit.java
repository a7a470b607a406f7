package dev.tandem.platform.shutdown;

import java.util.List;
import org.apache.dubbo.qos.command.impl.Offline;
import org.apache.dubbo.rpc.GracefulShutdown;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.apache.dubbo.rpc.model.ProviderModel;

/**
 * A Dubbo provider's services: unregistered from every registry (what Dubbo's {@code offline}
 * command does), while the exporters stay open to finish and even accept calls from consumers that
 * have not yet noticed.
 */
final class DubboRegistryExit implements RegistryExit {

  private final ModuleModel module;

  DubboRegistryExit(ModuleModel module) {
    this.module = module;
  }

  @Override
  public String leave() {
    List<ProviderModel> registered =
        module.getServiceRepository().getExportedServices().stream()
            .filter(
                p ->
                    p.getStatedUrl().stream()
                        .anyMatch(ProviderModel.RegisterStatedURL::isRegistered))
            .toList();
    if (registered.isEmpty()) {
      return "";
    }
    FrameworkModel framework = module.getApplicationModel().getFrameworkModel();
    new Offline(framework).offline(".*");
    GracefulShutdown.getGracefulShutdowns(framework).forEach(GracefulShutdown::readonly);
    return "Dubbo (" + registered.size() + " services)";
  }
}
