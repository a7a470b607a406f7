package dev.tandem.promotion.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.CuttableLink;
import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Elections against the cluster's real ZooKeeper, with the production client settings. Instances
 * that must lose ZooKeeper reach it through a {@link CuttableLink}: cutting it is, for them, a lost
 * quorum or a partition, while ZooKeeper itself goes on for everyone else.
 */
class ExpiryLeadershipIT {

  /** The shortest session ZooKeeper grants (2 ticks of 2 s), so outages can outlast it quickly. */
  static final Duration SESSION = Duration.ofSeconds(4);

  static final String ZOOKEEPER = TandemEnvironment.get("TANDEM_ZOOKEEPER");

  final String path = "/tandem/it/" + UUID.randomUUID() + "/expiry-leader";
  final List<AutoCloseable> opened = new ArrayList<>();

  @Test
  void exactlyOneInstanceLeadsAndAnotherTakesOverWhenItLeaves() {
    ExpiryLeadership a = join(ZOOKEEPER, "a");
    ExpiryLeadership b = join(ZOOKEEPER, "b");

    await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() || b.isLeader());
    assertThat(List.of(a.isLeader(), b.isLeader())).containsOnlyOnce(true);

    ExpiryLeadership leader = a.isLeader() ? a : b;
    ExpiryLeadership follower = leader == a ? b : a;
    leader.close();

    await().atMost(Duration.ofSeconds(30)).until(follower::isLeader);
  }

  @Test
  void nobodyLeadsWhileZooKeeperIsUnreachableAndOneLeadsAgainWhenItIsBack() {
    CuttableLink quorum = link();
    ExpiryLeadership a = join(quorum.address(), "a");
    await().atMost(Duration.ofSeconds(30)).until(a::isLeader);
    ExpiryLeadership b = join(quorum.address(), "b");

    quorum.cut();
    await().atMost(Duration.ofSeconds(1)).until(() -> !a.isLeader());
    // Longer than the session: both come back on new sessions, their old latch nodes gone.
    await()
        .during(SESSION.plusSeconds(2))
        .atMost(SESSION.plusSeconds(4))
        .until(() -> !a.isLeader() && !b.isLeader());

    quorum.restore();
    await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() || b.isLeader());
    assertThat(List.of(a.isLeader(), b.isLeader())).containsOnlyOnce(true);
  }

  @Test
  void aLeaderCutOffStopsBeforeAnotherInstanceTakesOver() throws Exception {
    CuttableLink partition = link();
    ExpiryLeadership cutOff = join(partition.address(), "cut-off");
    await().atMost(Duration.ofSeconds(30)).until(cutOff::isLeader);
    ExpiryLeadership other = join(ZOOKEEPER, "other");
    AtomicInteger bothLeading = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    opened.add(sampler::shutdownNow);
    sampler.scheduleAtFixedRate(
        () -> {
          if (cutOff.isLeader() && other.isLeader()) {
            bothLeading.incrementAndGet();
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);

    partition.cut();
    await().atMost(SESSION.plusSeconds(10)).until(other::isLeader);
    partition.restore();
    // Back on a new session, the old leader follows: it must not take leadership back.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> other.isLeader() && !cutOff.isLeader());
    other.close();
    await().atMost(Duration.ofSeconds(30)).until(cutOff::isLeader);

    assertThat(bothLeading).as("samples, every 10 ms, with two leaders").hasValue(0);
  }

  private CuttableLink link() {
    CuttableLink link = CuttableLink.to(ZOOKEEPER);
    opened.add(link);
    return link;
  }

  private ExpiryLeadership join(String connectString, String id) {
    CuratorFramework client = ExpiryConfiguration.electionClient(connectString, SESSION);
    client.start();
    ExpiryLeadership leadership = new ExpiryLeadership(client, path, id);
    leadership.start();
    opened.add(client);
    opened.add(leadership);
    return leadership;
  }

  @AfterEach
  void removeElection() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
    CuratorFramework cleaner = ExpiryConfiguration.electionClient(ZOOKEEPER, SESSION);
    cleaner.start();
    try (cleaner) {
      cleaner.delete().deletingChildrenIfNeeded().forPath(path.substring(0, path.lastIndexOf('/')));
    }
  }
}
