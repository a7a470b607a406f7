package dev.tandem.platform.shutdown;

import org.apache.dubbo.rpc.model.ModuleModel;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Destroys the Dubbo module (waiting up to {@code dubbo.application.shutwait} for in-flight
 * invocations, then closing exporters and references) once the web server has drained, instead of
 * when the context starts closing as Dubbo does by itself ({@code
 * dubbo.module.keepRunningOnSpringClosed} turns that off): an HTTP request still draining may need
 * a provider.
 */
final class DubboShutdown implements SmartLifecycle {

  /** After the web server's graceful drain, before Kafka listeners stop. */
  static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 256;

  private final ModuleModel module;
  private volatile boolean running;

  DubboShutdown(ModuleModel module) {
    this.module = module;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (!module.isDestroyed()) {
      module.destroy();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
