package dev.tandem.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Tandem service gets by depending on this module, lowest precedence: a service's
 * own application.yml or the environment override any of them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "tandemPlatformDefaults";

  static Map<String, Object> defaults() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    // Finish in-flight requests on SIGTERM instead of cutting them.
    defaults.put("server.shutdown", "graceful");
    defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
    defaults.put("spring.threads.virtual.enabled", "true");
    // Liveness and readiness for ./tandem and Kubernetes.
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
    defaults.put("spring.mvc.problemdetails.enabled", "true");
    defaults.put("server.error.include-stacktrace", "never");
    // Dubbo: no QoS port (several instances share machines in tests), fastjson2 for JSON
    // (Dubbo 3.3.5 otherwise looks for fastjson 1 on JDK 25), wait for in-flight calls on stop.
    defaults.put("dubbo.application.qos-enable", "false");
    defaults.put("dubbo.json-framework.prefer", "fastjson2");
    defaults.put("dubbo.application.shutwait", "15000");
    return defaults;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults()));
    // Dubbo reads this before Spring's environment is consulted.
    System.setProperty("dubbo.json-framework.prefer", "fastjson2");
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
