package dev.tandem.launcher.rules;

import dev.tandem.launcher.cluster.LauncherException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opening and closing the {@link ConfigCentre}'s ZooKeeper session: the client connects in the
 * background, so opening waits for its connected event, and says which ensemble did not answer.
 */
final class ZooKeeperSession {

  private ZooKeeperSession() {}

  /**
   * Connects and waits until the session is up.
   *
   * @param whose the cluster (or test) the ensemble belongs to, for the message when it does not
   *     answer within {@code timeout}
   */
  static ZooKeeper open(String connectString, Duration timeout, String whose) {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zooKeeper;
    try {
      zooKeeper =
          new ZooKeeper(
              connectString,
              (int) timeout.toMillis(),
              event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                  connected.countDown();
                }
              });
    } catch (IOException e) {
      throw new LauncherException(
          "cannot connect to ZooKeeper at " + connectString + ": " + e.getMessage(), e);
    }
    try {
      if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close(zooKeeper);
        throw new LauncherException(
            "the ZooKeeper of "
                + whose
                + " ("
                + connectString
                + ") did not answer within "
                + timeout.toSeconds()
                + " s; see ./tandem status, and ./tandem start the zookeeper instances that are down");
      }
    } catch (InterruptedException e) {
      close(zooKeeper);
      Thread.currentThread().interrupt();
      throw new LauncherException("interrupted while connecting to ZooKeeper");
    }
    return zooKeeper;
  }

  static void close(ZooKeeper zooKeeper) {
    try {
      zooKeeper.close(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
