package dev.tandem.platform;

import java.util.LinkedHashMap;
import java.util.List;
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

  /** How often a Dubbo consumer checks its connections, and reconnects a broken one. */
  static final int HEARTBEAT_MS = 2_000;

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
    defaults.put("dubbo.application.name", "${spring.application.name}");
    defaults.put("dubbo.application.qos-enable", "false");
    // A provider's port (a consumer-only service exports nothing and opens none).
    defaults.put("dubbo.protocol.name", "dubbo");
    defaults.put("dubbo.protocol.port", "${DUBBO_PORT:20880}");
    defaults.put("dubbo.json-framework.prefer", "fastjson2");
    defaults.put("dubbo.application.shutwait", "15000");
    // Who this instance is (dev.tandem.platform.instance): required, checked at start-up. Dubbo
    // binds and registers that address, not the machine's first interface.
    defaults.put("tandem.instance.host-address", "${TANDEM_HOST_ADDRESS:}");
    defaults.put("tandem.instance.worker-id", "${TANDEM_WORKER_ID:}");
    defaults.put("dubbo.protocol.host", "${tandem.instance.host-address}");
    // Calls must carry the provider's token, which consumers learn from the registry: a process on
    // the subnet dialing a Dubbo port directly is refused. One token per cluster (the launcher sets
    // it), so a failover retry carrying the first provider's token is accepted by the second;
    // "true" is a random one per instance.
    defaults.put("dubbo.provider.token", "${TANDEM_DUBBO_TOKEN:true}");
    // Every provider checks the constraints of the commands it receives (platform.contract).
    defaults.put("dubbo.provider.validation", "tandem");
    // Providers register per interface (the /dubbo/<interface>/providers nodes) and consumers look
    // only there: one registration to leave on shutdown, one place to check, in both registries.
    defaults.put("dubbo.application.register-mode", "interface");
    defaults.put("dubbo.application.service-discovery.migration", "FORCE_INTERFACE");
    // A registry coming back from an outage can tell consumers "no provider" for a moment: a
    // provider that re-registers on its new session deletes its old node, then creates it again.
    // Dubbo 3.3 then drops the consumer's provider list (measured: 5 s of "No provider available"
    // after ZooKeeper returned, issue 9). Keep the last list on an empty notification instead; a
    // provider that really left is out of the choice anyway once its connection closes.
    defaults.put("dubbo.registry.enable-empty-protection", "true");
    // The price of that list: a provider that comes back at the same address (restarted, or its
    // host healed) is the same entry in it, and Dubbo reconnects such an entry only every 60 s by
    // default (its heartbeat, and a floor of 60 s on the reconnect period). Measured: after
    // `./tandem stop` and `start` of lite's only promotion-service, site-service answered "No
    // provider available" for 17 s after the provider had registered again. A heartbeat every 2 s
    // and the floor at 2 s reconnect it within 2 s; a connection that reads nothing for 3
    // heartbeats (a hung provider) is reconnected too, failing the calls stuck on it.
    defaults.put("dubbo.consumer.parameters.heartbeat", Integer.toString(HEARTBEAT_MS));
    defaults.put(
        "dubbo.consumer.parameters.dubbo.application.least-reconnect-duration",
        Integer.toString(HEARTBEAT_MS));
    // Shutdown (dev.tandem.platform.shutdown): Dubbo closes after HTTP has drained, not at once.
    defaults.put("dubbo.module.keepRunningOnSpringClosed", "true");
    defaults.put("dubbo.shutdownHook.listenIgnore", "true");
    // Ready means registered too: a rolling restart waits on this before the next instance.
    defaults.put(
        "management.endpoint.health.group.readiness.include", "readinessState,registration");
    // Sentinel (dev.tandem.platform.protection), for the services that have it: rules live from
    // the config centre, one node per application and kind (infra/sentinel/ has the defaults).
    defaults.put("tandem.protection.rules.zookeeper", "${TANDEM_ZOOKEEPER:}");
    defaults.put("tandem.protection.rules.application", "${spring.application.name:}");
    return defaults;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults()));
    // Dubbo reads this before Spring's environment is consulted.
    System.setProperty("dubbo.json-framework.prefer", "fastjson2");
    // So does Dubbo's shutdown: the sequence in dev.tandem.platform.shutdown replaces Dubbo's own
    // (its JVM hook would close Dubbo while Spring still drains requests that need it).
    if (environment.getProperty("spring.application.name") != null) {
      // Sentinel's name for this application (in its logs and metrics), read once at class load;
      // otherwise the jar's name. Dubbo resources prefixed by side: in a JVM that both calls and
      // serves an interface (promotion-service calls member-service), the two must not share one.
      System.setProperty(
          "project.name",
          System.getProperty("project.name", environment.getProperty("spring.application.name")));
      System.setProperty(
          "csp.sentinel.dubbo.resource.use.prefix",
          System.getProperty("csp.sentinel.dubbo.resource.use.prefix", "true"));
    }
    for (String key :
        List.of("dubbo.module.keepRunningOnSpringClosed", "dubbo.shutdownHook.listenIgnore")) {
      String value = environment.getProperty(key);
      if (value != null) {
        System.setProperty(key, value);
      }
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
