package dev.tandem.launcher.product.mysql.guard;

import dev.tandem.launcher.product.mysql.guard.Rules.Decision;
import dev.tandem.launcher.product.mysql.guard.Rules.Sighting;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the guard does to the servers when the rules say so: fence its own server, fence the peer,
 * stop receiving, promote, and rejoin (which may find the server diverged). These are slow, so they
 * run one at a time on a worker; the loop only learns whether one is under way.
 */
final class ServerActions {

  private final GuardSettings settings;
  private final LongSupplier clock;
  private final ServerProcess process;
  private final Supplier<Sighting> local;
  private final Divergence divergence;
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile boolean fencing;
  private volatile long fenceDoneAt = Long.MAX_VALUE;
  private volatile boolean promoting;
  private volatile long nextRejoinAt;
  private volatile long settleAfter = Long.MIN_VALUE;

  ServerActions(
      GuardSettings settings,
      ServerProcess process,
      Divergence divergence,
      LongSupplier clock,
      Supplier<Sighting> local) {
    this.settings = settings;
    this.clock = clock;
    this.process = process;
    this.local = local;
    this.divergence = divergence;
  }

  boolean fencing() {
    return fencing;
  }

  boolean promoting() {
    return promoting;
  }

  /** A fence is over once the server has been seen read-only since it ended. */
  void noteFenced(Sighting me) {
    if (fencing && me.seenAt() > fenceDoneAt && me.state() != null && me.state().readOnly()) {
      fencing = false;
      fenceDoneAt = Long.MAX_VALUE;
      Guard.log("fenced: %s is read-only", settings.server());
    }
  }

  /** Starts what the decision asks for, unless another action is under way or just ended. */
  void take(Decision decision, Sighting me, long now) {
    if (me.seenAt() <= settleAfter) {
      // an action just ended: decide again once the server has been seen since
      return;
    }
    switch (decision.action()) {
      case FENCE -> {
        if (!fencing) {
          fencing = true;
          fenceDoneAt = Long.MAX_VALUE;
          if (!submit(() -> fence(decision.reason()))) {
            // a promotion or rejoin is under way; the next tick tries again
            fencing = false;
          }
        }
      }
      case PROMOTE -> submit(this::promote);
      case FENCE_PEER -> submit(this::fencePeer);
      case STOP_RECEIVING -> submit(this::stopReceiving);
      case REJOIN -> {
        if (now >= nextRejoinAt) {
          submit(this::rejoin);
        }
      }
      default -> {}
    }
  }

  private boolean submit(Runnable action) {
    if (!busy.compareAndSet(false, true)) {
      return false;
    }
    worker.execute(
        () -> {
          try {
            action.run();
          } catch (RuntimeException e) {
            Guard.log("failed: %s", e);
          } finally {
            settleAfter = clock.getAsLong();
            busy.set(false);
          }
        });
    return true;
  }

  private MariaDb admin(String address, Duration socketTimeout) {
    return new MariaDb(
        address,
        settings.mysqlPort(),
        settings.adminUser(),
        settings.adminPassword(),
        Duration.ofSeconds(1),
        socketTimeout);
  }

  /**
   * Stops writes now. A commit that waits for a replica's acknowledgement blocks {@code read_only},
   * so then the server is killed instead and starts again as a replica would: with {@code
   * init_rpl_role=SLAVE} crash recovery cuts the unacknowledged commits from the binlog, and the
   * server can rejoin the new primary without a divergent history. Those commits were never
   * acknowledged to a client, and the replica has every one that was (semi-sync, AFTER_SYNC).
   * Without semi-sync (the replica was gone) a commit may be acknowledged before InnoDB made it
   * durable, so recovery must commit, not cut: {@code MASTER}.
   */
  private void fence(String reason) {
    Sighting me = local.get();
    ServerState state = me.state();
    try {
      if (me.refused() && stale(me, clock.getAsLong())) {
        Guard.log(
            "fence: %s is not running; it starts read-only (./tandem start)", settings.server());
        return;
      }
      boolean semiSync = state != null && state.semiSyncActive();
      boolean hung = stale(me, clock.getAsLong());
      if (!hung && (state == null || state.waitingForAck() == 0)) {
        try (MariaDb server = admin(settings.address(), Duration.ofSeconds(3))) {
          server.setReadOnly(Duration.ofSeconds(1));
          server.killSessions(settings.appUser());
          Guard.log(
              "fence: read_only = 1 on %s; sessions of '%s' ended",
              settings.server(), settings.appUser());
          return;
        } catch (SQLException e) {
          Guard.log("fence: read_only did not take (%s); killing the server", e.getMessage());
        }
      }
      String role = semiSync ? "SLAVE" : "MASTER";
      process.kill();
      Guard.log(
          "fence: killed %s (%s); starting it again with init_rpl_role = %s",
          settings.server(),
          hung ? "it did not answer" : "commits were waiting for an acknowledgement",
          role);
      process.start(
          "fenced at " + Instant.now() + " (" + reason + ")", List.of("init_rpl_role = " + role));
    } catch (IOException e) {
      Guard.log("fence: %s", e.getMessage());
    } finally {
      fenceDoneAt = clock.getAsLong();
    }
  }

  private void promote() {
    promoting = true;
    try (MariaDb server = admin(settings.address(), Duration.ofSeconds(40))) {
      String applied = server.promote(Duration.ofSeconds(30));
      Guard.log("promoted %s to writer (%s)", settings.server(), applied);
    } catch (SQLException e) {
      Guard.log("promotion failed: %s", e.getMessage());
    } finally {
      promoting = false;
    }
  }

  private void stopReceiving() {
    long started = clock.getAsLong();
    try (MariaDb server = admin(settings.address(), Duration.ofSeconds(10))) {
      server.stopReceiving();
      Guard.log(
          "stopped receiving from %s (took %d ms)",
          settings.peerName(), (clock.getAsLong() - started) / 1_000_000);
    } catch (SQLException e) {
      Guard.log("could not stop receiving: %s", e.getMessage());
    }
  }

  private void fencePeer() {
    try (MariaDb server = admin(settings.peerAddress(), Duration.ofSeconds(3))) {
      server.setReadOnly(Duration.ofSeconds(1));
      server.killSessions(settings.appUser());
      Guard.log("fenced %s (read_only = 1) before promoting", settings.peerName());
    } catch (SQLException e) {
      Guard.log("could not fence %s: %s", settings.peerName(), e.getMessage());
    }
  }

  private void rejoin() {
    try (MariaDb server = admin(settings.address(), Duration.ofSeconds(10))) {
      MariaDb.Attached attached =
          server.attach(
              settings.peerAddress(),
              settings.mysqlPort(),
              settings.replUser(),
              settings.replPassword(),
              Duration.ofSeconds(20));
      switch (attached) {
        case MariaDb.Attached.Replicating r ->
            Guard.log("rejoined: %s replicates from %s", settings.server(), settings.peerName());
        case MariaDb.Attached.Diverged d -> divergence.found(d.detail());
        case MariaDb.Attached.Failed f -> {
          Guard.log("rejoin failed, retrying in 5 s: %s", f.detail());
          nextRejoinAt = clock.getAsLong() + Duration.ofSeconds(5).toNanos();
        }
      }
    }
  }

  /** Whether the server has not answered for longer than it may before it counts as hung. */
  boolean stale(Sighting sighting, long now) {
    return now - sighting.seenAt() > settings.localSilence().toNanos();
  }

  void close() {
    worker.shutdownNow();
  }
}
