package dev.tandem.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.InstanceProbe;
import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shutdown sequence of a real site-service, observed from outside as the gateway sees it: the
 * instance leaves ZooKeeper discovery (under a root of its own, so the cluster's gateways never
 * route to it) and reports not ready while its HTTP port still accepts requests, and closes that
 * port only after the quiet period.
 */
class GracefulShutdownIT {

  static final String ADDRESS = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final String ZOOKEEPER = TandemEnvironment.get("TANDEM_ZOOKEEPER");
  static final String ROOT = "/tandem-it-" + UUID.randomUUID();
  static final Duration QUIET = Duration.ofSeconds(3);

  @Test
  void leavesDiscoveryBeforeItStopsAcceptingRequests() throws Exception {
    int port = InstanceProbe.freePort(ADDRESS);
    String instances = ROOT + "/site-service";
    try (CuratorFramework zookeeper =
        CuratorFrameworkFactory.newClient(ZOOKEEPER, new RetryOneTime(500))) {
      zookeeper.start();
      ConfigurableApplicationContext site =
          new SpringApplicationBuilder(SiteApplication.class)
              .run(
                  "--server.address=" + ADDRESS,
                  "--server.port=" + port,
                  "--tandem.instance.host-address=" + ADDRESS,
                  "--spring.cloud.zookeeper.connect-string=" + ZOOKEEPER,
                  "--spring.cloud.zookeeper.discovery.root=" + ROOT,
                  "--dubbo.registry.address=zookeeper://" + ZOOKEEPER,
                  "--dubbo.protocol.host=" + ADDRESS,
                  "--tandem.security.keys=" + TandemEnvironment.get("TANDEM_JWT_KEYS"),
                  "--tandem.security.issuer=" + TandemEnvironment.get("TANDEM_JWT_ISSUER"),
                  "--tandem.shutdown.quiet-period=" + QUIET.toMillis() + "ms");

      await().atMost(Duration.ofSeconds(30)).until(() -> registered(zookeeper, instances));
      assertThat(InstanceProbe.readiness(ADDRESS, port)).isEqualTo(200);

      Thread closing = Thread.ofPlatform().start(site::close);

      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !registered(zookeeper, instances));
      long left = System.nanoTime();
      assertThat(InstanceProbe.accepts(ADDRESS, port))
          .as("HTTP port right after leaving discovery")
          .isTrue();
      assertThat(InstanceProbe.readiness(ADDRESS, port))
          .as("readiness while leaving")
          .isEqualTo(503);

      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !InstanceProbe.accepts(ADDRESS, port));
      Duration stillAccepting = Duration.ofNanos(System.nanoTime() - left);
      assertThat(stillAccepting).isGreaterThanOrEqualTo(QUIET.minusMillis(500));

      closing.join(Duration.ofSeconds(30));
      assertThat(closing.isAlive()).isFalse();
    }
  }

  private static boolean registered(CuratorFramework zookeeper, String path) throws Exception {
    return zookeeper.checkExists().forPath(path) != null
        && !zookeeper.getChildren().forPath(path).isEmpty();
  }
}
