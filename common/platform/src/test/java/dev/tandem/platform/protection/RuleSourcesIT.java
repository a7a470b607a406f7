package dev.tandem.platform.protection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRuleManager;
import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules reach a running JVM from the cluster's real ZooKeeper, and a change is in force within the
 * 2 s the platform promises, without a restart. Under an application of its own, so the cluster's
 * services never see these rules.
 */
class RuleSourcesIT {

  private static final String ROOT = "/tandem/sentinel";
  private static final String APPLICATION = "rules-it-" + UUID.randomUUID();
  private static final String FLOW = ROOT + "/" + APPLICATION + "/flow";
  private static final Duration LIVE = Duration.ofSeconds(2);

  private static CuratorFramework zookeeper;

  @BeforeAll
  static void connect() throws Exception {
    zookeeper =
        CuratorFrameworkFactory.newClient(
            TandemEnvironment.get("TANDEM_ZOOKEEPER"), new ExponentialBackoffRetry(200, 5));
    zookeeper.start();
    zookeeper.blockUntilConnected();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    zookeeper.delete().deletingChildrenIfNeeded().forPath(ROOT + "/" + APPLICATION);
    zookeeper.close();
  }

  @Test
  void rulesArriveAndChangeLiveAndBadTextKeepsTheRulesInForce() throws Exception {
    zookeeper.create().creatingParentsIfNeeded().forPath(FLOW, flow(5).getBytes(UTF_8));

    try (RuleSources sources =
        new RuleSources(TandemEnvironment.get("TANDEM_ZOOKEEPER"), ROOT, APPLICATION)) {
      await().atMost(LIVE).until(() -> limit().equals(List.of(5.0)));

      zookeeper.setData().forPath(FLOW, flow(7).getBytes(UTF_8));
      await().atMost(LIVE).until(() -> limit().equals(List.of(7.0)));

      zookeeper
          .setData()
          .forPath(FLOW, "[{\"resource\": \"rules-it\", \"cout\": 1}]".getBytes(UTF_8));
      await().during(Duration.ofSeconds(1)).atMost(LIVE).until(() -> limit().equals(List.of(7.0)));

      zookeeper.setData().forPath(FLOW, "[]".getBytes(UTF_8));
      await().atMost(LIVE).until(() -> limit().isEmpty());
    }
  }

  private static String flow(int count) {
    return "[{\"resource\": \"rules-it\", \"grade\": 1, \"count\": " + count + "}]";
  }

  private static List<Double> limit() {
    return FlowRuleManager.getRules().stream()
        .filter(rule -> rule.getResource().equals("rules-it"))
        .map(FlowRule::getCount)
        .toList();
  }
}
