package dev.tandem.promotion.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances' elections against the cluster's real ZooKeeper. */
class ExpiryLeadershipIT {

  final String path = "/tandem/it/" + UUID.randomUUID() + "/expiry-leader";
  final CuratorFramework first = client();
  final CuratorFramework second = client();

  static CuratorFramework client() {
    CuratorFramework client =
        CuratorFrameworkFactory.newClient(
            TandemEnvironment.get("TANDEM_ZOOKEEPER"), new ExponentialBackoffRetry(200, 3));
    client.start();
    return client;
  }

  @Test
  void exactlyOneInstanceLeadsAndAnotherTakesOverWhenItLeaves() {
    ExpiryLeadership a = new ExpiryLeadership(first, path, "a");
    ExpiryLeadership b = new ExpiryLeadership(second, path, "b");
    a.start();
    b.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() || b.isLeader());
    assertThat(List.of(a.isLeader(), b.isLeader())).containsOnlyOnce(true);

    ExpiryLeadership leader = a.isLeader() ? a : b;
    ExpiryLeadership follower = leader == a ? b : a;
    leader.close();

    await().atMost(Duration.ofSeconds(30)).until(follower::isLeader);
    follower.close();
  }

  @AfterEach
  void removeElection() throws Exception {
    first.delete().deletingChildrenIfNeeded().forPath(path.substring(0, path.lastIndexOf('/')));
    first.close();
    second.close();
  }
}
