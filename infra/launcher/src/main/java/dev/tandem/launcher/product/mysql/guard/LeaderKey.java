package dev.tandem.launcher.product.mysql.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The shard's leader key: an ephemeral znode holding the name of the one server that may take
 * writes. ZooKeeper deletes it when its owner's session expires, so it is a lock with a time to
 * live, and only a ZooKeeper quorum can hand it to someone else.
 *
 * <p>The owner renews it with a write ({@code setData}), not a read: a write needs the quorum's
 * leader, which resets the session's expiry when it receives the request. So after a renewal sent
 * at time T succeeded, the key cannot pass to anyone before T + session timeout, whatever happens
 * next. A read could be answered by a follower that lost its leader without noticing yet.
 *
 * <p>Used from one thread only; {@link #awaitChange} lets that thread sleep until the key changes.
 */
public final class LeaderKey implements AutoCloseable, Watcher {

  /** What a look at the key found. */
  record Seen(String holder, boolean mine) {
    static final Seen FREE = new Seen(null, false);

    boolean free() {
      return holder == null;
    }
  }

  private final String connectString;
  private final int sessionTimeoutMs;
  private final String path;
  private final byte[] me;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean signalled;
  private ZooKeeper zooKeeper;

  LeaderKey(String connectString, int sessionTimeoutMs, String path, String me) {
    this.connectString = connectString;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.path = path;
    this.me = me.getBytes(StandardCharsets.UTF_8);
  }

  /** The session timeout ZooKeeper granted (it bounds what we ask for by its tick time). */
  int negotiatedSessionTimeoutMs() {
    ZooKeeper zk = zooKeeper;
    return zk == null || zk.getSessionTimeout() == 0 ? sessionTimeoutMs : zk.getSessionTimeout();
  }

  private ZooKeeper client() throws IOException {
    if (zooKeeper == null || !zooKeeper.getState().isAlive()) {
      closeClient();
      zooKeeper = new ZooKeeper(connectString, sessionTimeoutMs, this);
    }
    return zooKeeper;
  }

  /** Who holds the key now; leaves a watch that wakes {@link #awaitChange} when that changes. */
  Seen look() throws IOException, KeeperException, InterruptedException {
    ZooKeeper zk = client();
    Stat stat = new Stat();
    try {
      byte[] holder = zk.getData(path, true, stat);
      return new Seen(
          new String(holder, StandardCharsets.UTF_8),
          stat.getEphemeralOwner() == zk.getSessionId());
    } catch (KeeperException.NoNodeException e) {
      zk.exists(path, true);
      return Seen.FREE;
    }
  }

  /**
   * Takes the key if it is free.
   *
   * @return whether this session holds it now
   */
  boolean acquire() throws IOException, KeeperException, InterruptedException {
    ZooKeeper zk = client();
    createParents(zk);
    try {
      zk.create(path, me, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
      return true;
    } catch (KeeperException.NodeExistsException e) {
      return look().mine();
    }
  }

  /**
   * Renews the key this session holds, through the quorum's leader.
   *
   * @return false when this session does not hold it (any more)
   */
  boolean renew() throws IOException, KeeperException, InterruptedException {
    ZooKeeper zk = client();
    try {
      Stat stat = zk.setData(path, me, -1);
      return stat.getEphemeralOwner() == zk.getSessionId();
    } catch (KeeperException.NoNodeException e) {
      return false;
    }
  }

  /** Gives the key up, if this session holds it, so the peer need not wait for the expiry. */
  void release() throws IOException, KeeperException, InterruptedException {
    ZooKeeper zk = client();
    Stat stat = new Stat();
    try {
      zk.getData(path, false, stat);
      if (stat.getEphemeralOwner() == zk.getSessionId()) {
        zk.delete(path, stat.getVersion());
      }
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
      // already free, or taken over: either way not ours
    }
  }

  private void createParents(ZooKeeper zk) throws KeeperException, InterruptedException {
    String parent = path.substring(0, path.lastIndexOf('/'));
    StringBuilder current = new StringBuilder();
    for (String part : parent.substring(1).split("/")) {
      current.append('/').append(part);
      try {
        zk.create(
            current.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      } catch (KeeperException.NodeExistsException exists) {
        // made by the peer or an earlier run
      }
    }
  }

  /** Sleeps until the key changes, the session's state changes, or the time is up. */
  void awaitChange(long timeoutMs) throws InterruptedException {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (!signalled && left > 0) {
        left = changed.awaitNanos(left);
      }
      signalled = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void process(WatchedEvent event) {
    lock.lock();
    try {
      signalled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeClient() {
    if (zooKeeper != null) {
      try {
        zooKeeper.close(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      zooKeeper = null;
    }
  }

  @Override
  public void close() {
    closeClient();
  }
}
