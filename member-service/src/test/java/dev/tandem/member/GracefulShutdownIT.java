package dev.tandem.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.InstanceProbe;
import dev.tandem.platform.testing.TandemEnvironment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shutdown sequence of a real provider, observed from outside as its consumers see it: a
 * member-service registered in the cluster's ZooKeeper (under a group of its own, so the cluster's
 * consumers never call it) leaves the registry and reports not ready while its Dubbo port still
 * accepts connections, and closes that port only after the quiet period.
 */
class GracefulShutdownIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String GROUP = "tandem-it-" + RUN;
  static final String ADDRESS = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final String ZOOKEEPER = TandemEnvironment.get("TANDEM_ZOOKEEPER");
  static final Duration QUIET = Duration.ofSeconds(3);

  @Test
  void leavesTheRegistryBeforeItStopsAcceptingCalls() throws Exception {
    int dubboPort = InstanceProbe.freePort(ADDRESS);
    int httpPort = InstanceProbe.freePort(ADDRESS);
    String providers = "/" + GROUP + "/dev.tandem.member.api.MemberService/providers";
    try (CuratorFramework zookeeper =
        CuratorFrameworkFactory.newClient(ZOOKEEPER, new RetryOneTime(500))) {
      zookeeper.start();
      ConfigurableApplicationContext provider =
          new SpringApplicationBuilder(MemberServiceApplication.class)
              .run(arguments(dubboPort, httpPort));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> registered(zookeeper, providers, dubboPort));
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(InstanceProbe.readiness(ADDRESS, httpPort))
                      .as(readinessDetails(httpPort))
                      .isEqualTo(200));

      Thread closing = Thread.ofPlatform().start(provider::close);

      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !registered(zookeeper, providers, dubboPort));
      long left = System.nanoTime();
      assertThat(InstanceProbe.accepts(ADDRESS, dubboPort))
          .as("Dubbo port right after leaving the registry")
          .isTrue();
      assertThat(InstanceProbe.readiness(ADDRESS, httpPort))
          .as("readiness while leaving")
          .isEqualTo(503);

      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !InstanceProbe.accepts(ADDRESS, dubboPort));
      Duration stillAccepting = Duration.ofNanos(System.nanoTime() - left);
      assertThat(stillAccepting).isGreaterThanOrEqualTo(QUIET.minusMillis(500));

      closing.join(Duration.ofSeconds(30));
      assertThat(closing.isAlive()).isFalse();
    }
  }

  /** As command-line arguments: they outrank the application's own configuration. */
  private static String[] arguments(int dubboPort, int httpPort) {
    return properties(dubboPort, httpPort).entrySet().stream()
        .map(p -> "--" + p.getKey() + "=" + p.getValue())
        .toArray(String[]::new);
  }

  private static Map<String, Object> properties(int dubboPort, int httpPort) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.address", ADDRESS);
    properties.put("server.port", httpPort);
    properties.put("tandem.instance.host-address", ADDRESS);
    properties.put("dubbo.protocol.host", ADDRESS);
    properties.put("dubbo.protocol.port", dubboPort);
    properties.put("dubbo.registry.address", "zookeeper://" + ZOOKEEPER);
    properties.put("dubbo.registry.group", GROUP);
    properties.put("tandem.shutdown.quiet-period", QUIET.toMillis() + "ms");
    properties.put("management.endpoint.health.group.readiness.show-details", "always");
    for (int shard = 0; shard < 2; shard++) {
      String prefix = "tandem.member.mysql.shards[" + shard + "].";
      String env = "TANDEM_MYSQL_SHARD_" + shard;
      properties.put(prefix + "primary", TandemEnvironment.get(env));
      properties.put(prefix + "replica", TandemEnvironment.get(env + "_REPLICA"));
      properties.put(prefix + "database", TandemEnvironment.get(env + "_DATABASE"));
    }
    properties.put("tandem.member.mysql.user", TandemEnvironment.get("TANDEM_MYSQL_USER"));
    properties.put("tandem.member.mysql.password", TandemEnvironment.get("TANDEM_MYSQL_PASSWORD"));
    properties.put(
        "tandem.member.mysql.migration-user", TandemEnvironment.get("TANDEM_MYSQL_MIGRATION_USER"));
    properties.put(
        "tandem.member.mysql.migration-password",
        TandemEnvironment.get("TANDEM_MYSQL_MIGRATION_PASSWORD"));
    properties.put(
        "tandem.member.cache.sentinels", TandemEnvironment.get("TANDEM_REDIS_SENTINELS"));
    properties.put(
        "tandem.member.cache.master-name", TandemEnvironment.get("TANDEM_REDIS_MASTER_NAME"));
    properties.put("tandem.member.cache.password", TandemEnvironment.get("TANDEM_REDIS_PASSWORD"));
    properties.put(
        "tandem.member.cache.sentinel-password",
        TandemEnvironment.get("TANDEM_REDIS_SENTINEL_PASSWORD"));
    properties.put(
        "spring.kafka.bootstrap-servers", TandemEnvironment.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS"));
    properties.put("tandem.member.outbox.topic", "member.registered.it-" + RUN);
    return properties;
  }

  private static String readinessDetails(int port) {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://" + ADDRESS + ":" + port + "/actuator/health/readiness"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static boolean registered(CuratorFramework zookeeper, String path, int port)
      throws Exception {
    if (zookeeper.checkExists().forPath(path) == null) {
      return false;
    }
    List<String> urls = zookeeper.getChildren().forPath(path);
    String prefix = "dubbo://" + ADDRESS + ":" + port + "/";
    return urls.stream()
        .map(url -> URLDecoder.decode(url, StandardCharsets.UTF_8))
        .anyMatch(url -> url.startsWith(prefix));
  }
}
