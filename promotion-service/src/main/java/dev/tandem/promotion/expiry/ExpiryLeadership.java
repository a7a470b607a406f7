package dev.tandem.promotion.expiry;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance is the one that runs the expiry job, elected with a Curator {@link
 * LeaderLatch} in ZooKeeper. A leader that loses its ZooKeeper session (crash, network cut) loses
 * the latch, and another instance takes over once ZooKeeper expires the session.
 */
public class ExpiryLeadership implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExpiryLeadership.class);

  private final LeaderLatch latch;

  public ExpiryLeadership(CuratorFramework zookeeper, String path, String instanceId) {
    this.latch = new LeaderLatch(zookeeper, path, instanceId);
    this.latch.addListener(
        new LeaderLatchListener() {
          @Override
          public void isLeader() {
            log.info("{} now runs the expiry job (leader of {})", instanceId, path);
          }

          @Override
          public void notLeader() {
            log.info("{} no longer runs the expiry job", instanceId);
          }
        });
  }

  /** Joins the election; returns at once, leadership may come later. */
  public void start() {
    try {
      latch.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot join the expiry election", e);
    }
  }

  public boolean isLeader() {
    return latch.hasLeadership();
  }

  /** Leaves the election, handing leadership to another instance at once. */
  @Override
  public void close() {
    try {
      latch.close();
    } catch (IllegalStateException notStarted) {
      // Closing twice, or before start: nothing to hand over.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
