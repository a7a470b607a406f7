package dev.tandem.launcher.product.mysql.guard;

import dev.tandem.launcher.product.mysql.guard.Rules.KeyIntent;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.zookeeper.KeeperException;

/**
 * Keeps the shard's leader key as the loop intends (hold, release or only watch it), on its own
 * thread: a ZooKeeper call may wait for its timeout, and the loop must not. It records what it saw
 * of the key and when it last renewed it, and follows the session timeout ZooKeeper granted, which
 * sets the lease.
 */
final class KeyKeeper implements Runnable {

  private final GuardSettings settings;
  private final LongSupplier clock;
  private final LeaderKey key;
  private volatile boolean running = true;
  private volatile Rules rules;
  private volatile LeaderKey.Seen seen = LeaderKey.Seen.FREE;
  private volatile long renewedAt = Long.MIN_VALUE / 2;
  private volatile KeyIntent intent = KeyIntent.WATCH;
  private volatile boolean tried;

  KeyKeeper(GuardSettings settings, LongSupplier clock) throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.rules = rules(settings, (int) settings.sessionTimeout().toMillis());
    this.key =
        new LeaderKey(
            settings.zookeeper(),
            (int) settings.sessionTimeout().toMillis(),
            settings.keyPath(),
            settings.server());
  }

  private static Rules rules(GuardSettings settings, int sessionTimeoutMs) {
    return new Rules(
        settings.lease(sessionTimeoutMs),
        settings.grant(),
        settings.margin(),
        settings.fresh(),
        settings.localSilence(),
        settings.startupGrace());
  }

  /** The rules for the session ZooKeeper granted. */
  Rules rules() {
    return rules;
  }

  LeaderKey.Seen seen() {
    return seen;
  }

  /** When the last renewal that succeeded was sent. */
  long renewedAt() {
    return renewedAt;
  }

  /** Whether the keeper has tried to hold the key at least once. */
  boolean tried() {
    return tried;
  }

  void intend(KeyIntent intent) {
    this.intent = intent;
  }

  @Override
  public void run() {
    String problem = null;
    while (running) {
      KeyIntent intent = this.intent;
      try {
        LeaderKey.Seen now;
        switch (intent) {
          case HOLD -> {
            long sent = clock.getAsLong();
            if (seen.mine() && key.renew()) {
              renewedAt = sent;
              now = seen;
            } else {
              now = key.look();
              if (now.free() && key.acquire()) {
                renewedAt = sent;
                now = key.look();
                Guard.log("took the key %s", settings.keyPath());
              }
            }
          }
          case RELEASE -> {
            if (seen.mine()) {
              key.release();
              Guard.log("released the key");
            }
            now = key.look();
          }
          default -> now = key.look();
        }
        seen = now;
        tried |= intent == KeyIntent.HOLD;
        int negotiated = key.negotiatedSessionTimeoutMs();
        if (negotiated / 2 != rules.lease().toMillis()) {
          rules = rules(settings, negotiated);
          Guard.log("ZooKeeper granted a %d ms session: lease %d ms", negotiated, negotiated / 2);
        }
        if (problem != null) {
          Guard.log("ZooKeeper answers again");
          problem = null;
        }
      } catch (KeeperException | IOException e) {
        tried |= intent == KeyIntent.HOLD;
        String kind = e.getClass().getSimpleName();
        if (!kind.equals(problem)) {
          Guard.log("ZooKeeper: %s", e.getMessage());
          problem = kind;
        }
        Guard.pause(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        return;
      }
      try {
        key.awaitChange(settings.renewInterval().toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops keeping the key and gives it up if held. */
  void close() {
    running = false;
    try {
      if (seen.mine()) {
        key.release();
        Guard.log("released the key on the way out");
      }
    } catch (KeeperException | IOException e) {
      Guard.log("could not release the key on the way out: %s", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    key.close();
  }
}
