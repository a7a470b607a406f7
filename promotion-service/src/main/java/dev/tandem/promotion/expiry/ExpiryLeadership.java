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
 * LeaderLatch} in ZooKeeper.
 *
 * <p>Never two leaders, as long as no pause of the leader's JVM (GC, SIGSTOP) outlasts the margin
 * between the two timeouts below; that is the limit of every lease-like election. A leader gives up
 * the moment its connection to ZooKeeper is suspended (Curator's standard error policy, set in
 * {@link ExpiryConfiguration}): at once when the server closes or refuses the connection, and after
 * two thirds of the session timeout (10 s) of silence when packets are lost. Another instance can
 * only take over once ZooKeeper has expired the old leader's session, a full session timeout (15 s)
 * after it last heard from it, so the old leader has stopped before anyone else starts. When
 * ZooKeeper loses its quorum nobody leads: nobody can be elected while nobody can be sure. When
 * ZooKeeper is back, the latch checks its node on the reconnected session (or joins again on a new
 * one) and one instance leads again, with no restart. A run already under way when leadership goes
 * finishes; the update is idempotent, so that overlap is harmless (see {@link ExpiryJob}).
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
