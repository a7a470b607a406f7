package dev.tandem.site.protection;

import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * Sentinel rule nodes in the cluster's ZooKeeper ({@code /tandem/sentinel/APP/KIND}), written the
 * way {@code ./tandem rules apply} writes them; each test puts back what it found.
 */
final class RuleNodes implements AutoCloseable {

  private final CuratorFramework zookeeper;

  RuleNodes(String connectString) throws InterruptedException {
    zookeeper = CuratorFrameworkFactory.newClient(connectString, new RetryNTimes(3, 200));
    zookeeper.start();
    if (!zookeeper.blockUntilConnected(20, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("ZooKeeper " + connectString + " did not answer in 20 s");
    }
  }

  static String path(String application, String kind) {
    return "/tandem/sentinel/" + application + "/" + kind;
  }

  /** The node's text, or null when it does not exist. */
  String read(String path) throws Exception {
    if (zookeeper.checkExists().forPath(path) == null) {
      return null;
    }
    return new String(zookeeper.getData().forPath(path), StandardCharsets.UTF_8);
  }

  void write(String path, String json) throws Exception {
    byte[] data = json.getBytes(StandardCharsets.UTF_8);
    if (zookeeper.checkExists().forPath(path) == null) {
      zookeeper.create().creatingParentsIfNeeded().forPath(path, data);
    } else {
      zookeeper.setData().forPath(path, data);
    }
  }

  /** Puts back what {@link #read} found: the text, or {@code []} where there was no node. */
  void restore(String path, String previous) throws Exception {
    write(path, previous == null ? "[]" : previous);
  }

  @Override
  public void close() {
    zookeeper.close();
  }
}
