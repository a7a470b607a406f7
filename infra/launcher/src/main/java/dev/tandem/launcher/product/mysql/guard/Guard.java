package dev.tandem.launcher.product.mysql.guard;

import dev.tandem.launcher.product.mysql.guard.Rules.Action;
import dev.tandem.launcher.product.mysql.guard.Rules.Decision;
import dev.tandem.launcher.product.mysql.guard.Rules.KeyIntent;
import dev.tandem.launcher.product.mysql.guard.Rules.Sighting;
import dev.tandem.launcher.product.mysql.guard.Rules.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.zookeeper.KeeperException;

/**
 * Guards one MariaDB server of a replicated shard (see {@code package-info} for the protocol).
 * Observers run on their own threads and only record what they saw, with when; the loop decides
 * from those records every tick, so a hung server, an unreachable peer or a ZooKeeper call waiting
 * for its timeout never delays a fence. Slow actions (fence, promote, rejoin) run one at a time on
 * a worker.
 */
public final class Guard implements AutoCloseable {

  private final GuardSettings settings;
  private final LongSupplier clock;
  private final ServerProcess process;
  private final LeaderKey key;
  private final Grants grants;
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final AtomicBoolean busy = new AtomicBoolean();
  private final long startedAt;
  private volatile boolean running = true;

  private volatile Rules rules;
  private volatile Sighting local = Sighting.NEVER;
  private volatile Sighting peer = Sighting.NEVER;
  private volatile LeaderKey.Seen seen = LeaderKey.Seen.FREE;
  private volatile long keyRenewedAt = Long.MIN_VALUE / 2;
  private volatile long grantedUntil = Long.MIN_VALUE / 2;
  private volatile long promisedUntil = Long.MIN_VALUE / 2;
  private volatile boolean fencing;
  private volatile long fenceDoneAt = Long.MAX_VALUE;
  private volatile boolean promoting;
  private volatile boolean diverged;
  private volatile long nextRejoinAt;
  private volatile KeyIntent keyIntent = KeyIntent.WATCH;
  private volatile boolean keyTried;
  private volatile boolean grantTried;
  private volatile long settleAfter = Long.MIN_VALUE;
  private volatile Decision last;
  private volatile String track = "";
  private volatile long trackWrittenAt;

  Guard(GuardSettings settings, ServerProcess process, LongSupplier clock) throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.process = process;
    this.startedAt = clock.getAsLong();
    this.rules = rules(settings, (int) settings.sessionTimeout().toMillis());
    this.key =
        new LeaderKey(
            settings.zookeeper(),
            (int) settings.sessionTimeout().toMillis(),
            settings.keyPath(),
            settings.server());
    this.grants =
        new Grants(
            settings.address(),
            settings.guardPort(),
            settings.peerTimeout(),
            this::grant,
            this::stateDocument);
    this.diverged = Files.exists(settings.divergedMarker());
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

  void run() throws InterruptedException {
    log(
        "guarding %s (%s:%d) with %s; key %s in %s; lease %d ms, grant %d ms + margin %d ms",
        settings.server(),
        settings.address(),
        settings.mysqlPort(),
        settings.peerName(),
        settings.keyPath(),
        settings.zookeeper(),
        rules.lease().toMillis(),
        settings.grant().toMillis(),
        settings.margin().toMillis());
    if (diverged) {
      log(
          "diverged (%s): waits for ./tandem mysql rejoin %s --rebuild",
          marker(), settings.server());
    }
    grants.start();
    MariaDb localProbe = probe(settings.address(), Duration.ofSeconds(1));
    MariaDb peerProbe = probe(settings.peerAddress(), Duration.ofMillis(600));
    daemon("local", () -> local = observe(localProbe, local));
    daemon("peer", () -> peer = observe(peerProbe, peer));
    daemon("grant", this::askForGrant);
    Thread keeper = new Thread(this::keepKey, "key");
    keeper.setDaemon(true);
    keeper.start();
    while (running) {
      tick();
      Thread.sleep(settings.tick());
    }
  }

  private MariaDb probe(String address, Duration socketTimeout) {
    return new MariaDb(
        address,
        settings.mysqlPort(),
        settings.adminUser(),
        settings.adminPassword(),
        settings.peerTimeout(),
        socketTimeout);
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

  private void daemon(String name, Runnable step) {
    Thread thread =
        new Thread(
            () -> {
              while (running) {
                step.run();
                pause(settings.renewInterval());
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  private Sighting observe(MariaDb server, Sighting before) {
    long at = clock.getAsLong();
    try {
      ServerState state = server.state();
      return new Sighting(state, clock.getAsLong(), false, at);
    } catch (SQLException | RuntimeException e) {
      return new Sighting(before.state(), before.seenAt(), MariaDb.refused(e), at);
    }
  }

  // --- the leader key, on its own thread: a call may wait for ZooKeeper's timeout ---

  private void keepKey() {
    String problem = null;
    while (running) {
      KeyIntent intent = keyIntent;
      try {
        LeaderKey.Seen now;
        switch (intent) {
          case HOLD -> {
            long sent = clock.getAsLong();
            if (seen.mine() && key.renew()) {
              keyRenewedAt = sent;
              now = seen;
            } else {
              now = key.look();
              if (now.free() && key.acquire()) {
                keyRenewedAt = sent;
                now = key.look();
                log("took the key %s", settings.keyPath());
              }
            }
          }
          case RELEASE -> {
            if (seen.mine()) {
              key.release();
              log("released the key");
            }
            now = key.look();
          }
          default -> now = key.look();
        }
        seen = now;
        keyTried |= intent == KeyIntent.HOLD;
        int negotiated = key.negotiatedSessionTimeoutMs();
        if (negotiated / 2 != rules.lease().toMillis()) {
          rules = rules(settings, negotiated);
          log("ZooKeeper granted a %d ms session: lease %d ms", negotiated, negotiated / 2);
        }
        if (problem != null) {
          log("ZooKeeper answers again");
          problem = null;
        }
      } catch (KeeperException | IOException e) {
        keyTried |= intent == KeyIntent.HOLD;
        String kind = e.getClass().getSimpleName();
        if (!kind.equals(problem)) {
          log("ZooKeeper: %s", e.getMessage());
          problem = kind;
        }
        pause(Duration.ofMillis(100));
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

  // --- grants between the guards ---

  private void askForGrant() {
    ServerState state = local.state();
    if (state == null || !state.writer() || fencing) {
      return;
    }
    long sent = clock.getAsLong();
    if (grants.ask(settings.peerAddress(), settings.guardPort(), settings.server())) {
      grantedUntil = sent + settings.grant().toNanos();
    }
    grantTried = true;
  }

  private synchronized Grants.Answer grant(String from) {
    long now = clock.getAsLong();
    Sighting me = local;
    boolean readOnly = me.state() != null && me.state().readOnly() && !stale(me, now);
    if (!readOnly && !me.refused()) {
      return new Grants.Answer(false, "refused: " + settings.server() + " is not read-only");
    }
    if (seen.mine() || promoting) {
      return new Grants.Answer(false, "refused: " + settings.server() + " holds the key");
    }
    promisedUntil =
        Math.max(promisedUntil, now + settings.grant().toNanos() + settings.margin().toNanos());
    return new Grants.Answer(true, "granted " + settings.grant().toMillis() + " ms to " + from);
  }

  // --- the loop ---

  private void tick() {
    long now = clock.getAsLong();
    Sighting me = local;
    if (fencing && me.seenAt() > fenceDoneAt && me.state() != null && me.state().readOnly()) {
      fencing = false;
      fenceDoneAt = Long.MAX_VALUE;
      log("fenced: %s is read-only", settings.server());
    }
    Decision decision =
        rules.decide(
            new Snapshot(
                now,
                !(keyTried && grantTried) && now - startedAt < settings.startupGrace().toNanos(),
                settings.peerName(),
                me,
                peer,
                seen,
                keyRenewedAt,
                grantedUntil,
                promisedUntil,
                fencing,
                diverged));
    keyIntent = decision.key();
    writeTrack(decision.action() == Action.SERVE ? "0" : "1", now);
    if (last == null
        || last.action() != decision.action()
        || !shape(last.reason()).equals(shape(decision.reason()))) {
      log("%s: %s", decision.action(), decision.reason());
    }
    last = decision;
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
            log("failed: %s", e);
          } finally {
            settleAfter = clock.getAsLong();
            busy.set(false);
          }
        });
    return true;
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
    Sighting me = local;
    ServerState state = me.state();
    try {
      if (me.refused() && stale(me, clock.getAsLong())) {
        log("fence: %s is not running; it starts read-only (./tandem start)", settings.server());
        return;
      }
      boolean semiSync = state != null && state.semiSyncActive();
      boolean hung = stale(me, clock.getAsLong());
      if (!hung && (state == null || state.waitingForAck() == 0)) {
        try (MariaDb server = admin(settings.address(), Duration.ofSeconds(3))) {
          server.setReadOnly(Duration.ofSeconds(1));
          server.killSessions(settings.appUser());
          log(
              "fence: read_only = 1 on %s; sessions of '%s' ended",
              settings.server(), settings.appUser());
          return;
        } catch (SQLException e) {
          log("fence: read_only did not take (%s); killing the server", e.getMessage());
        }
      }
      String role = semiSync ? "SLAVE" : "MASTER";
      process.kill();
      log(
          "fence: killed %s (%s); starting it again with init_rpl_role = %s",
          settings.server(),
          hung ? "it did not answer" : "commits were waiting for an acknowledgement",
          role);
      process.start(
          "fenced at " + Instant.now() + " (" + reason + ")", List.of("init_rpl_role = " + role));
    } catch (IOException e) {
      log("fence: %s", e.getMessage());
    } finally {
      fenceDoneAt = clock.getAsLong();
    }
  }

  private void promote() {
    promoting = true;
    try (MariaDb server = admin(settings.address(), Duration.ofSeconds(40))) {
      String applied = server.promote(Duration.ofSeconds(30));
      log("promoted %s to writer (%s)", settings.server(), applied);
    } catch (SQLException e) {
      log("promotion failed: %s", e.getMessage());
    } finally {
      promoting = false;
    }
  }

  private void stopReceiving() {
    long started = clock.getAsLong();
    try (MariaDb server = admin(settings.address(), Duration.ofSeconds(10))) {
      server.stopReceiving();
      log(
          "stopped receiving from %s (took %d ms)",
          settings.peerName(), (clock.getAsLong() - started) / 1_000_000);
    } catch (SQLException e) {
      log("could not stop receiving: %s", e.getMessage());
    }
  }

  private void fencePeer() {
    try (MariaDb server = admin(settings.peerAddress(), Duration.ofSeconds(3))) {
      server.setReadOnly(Duration.ofSeconds(1));
      server.killSessions(settings.appUser());
      log("fenced %s (read_only = 1) before promoting", settings.peerName());
    } catch (SQLException e) {
      log("could not fence %s: %s", settings.peerName(), e.getMessage());
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
            log("rejoined: %s replicates from %s", settings.server(), settings.peerName());
        case MariaDb.Attached.Diverged d -> divergedFrom(d.detail());
        case MariaDb.Attached.Failed f -> {
          log("rejoin failed, retrying in 5 s: %s", f.detail());
          nextRejoinAt = clock.getAsLong() + Duration.ofSeconds(5).toNanos();
        }
      }
    }
  }

  /**
   * The server has transactions the writer lacks. It keeps them (someone may want them) but leaves
   * every pool: it starts again listening on loopback only, so the application's replica pools fail
   * over to the VIP, and it stays so until an operator rebuilds it.
   */
  private void divergedFrom(String detail) {
    diverged = true;
    String text =
        "diverged from "
            + settings.peerName()
            + " at "
            + Instant.now()
            + ": "
            + detail
            + "\nrebuild it from the writer: ./tandem mysql rejoin "
            + settings.server()
            + " --rebuild\n";
    try {
      Files.writeString(settings.divergedMarker(), text, StandardCharsets.UTF_8);
      log("DIVERGED: %s", detail);
      process.restart("diverged", List.of("bind_address = 127.0.0.1"));
      log("%s restarted on loopback only: out of every pool", settings.server());
    } catch (IOException e) {
      log(
          "diverged, but could not take %s out of the pools: %s",
          settings.server(), e.getMessage());
    }
  }

  private String marker() {
    try {
      return Files.readString(settings.divergedMarker()).lines().findFirst().orElse("");
    } catch (IOException e) {
      return "marker unreadable";
    }
  }

  private boolean stale(Sighting sighting, long now) {
    return now - sighting.seenAt() > settings.localSilence().toNanos();
  }

  /** keepalived follows this file (0: hold the VIP); its check script follows the file's age. */
  private void writeTrack(String value, long now) {
    if (value.equals(track) && now - trackWrittenAt < Duration.ofSeconds(1).toNanos()) {
      return;
    }
    try {
      var partial =
          settings.trackFile().resolveSibling(settings.trackFile().getFileName() + ".partial");
      Files.writeString(partial, value + "\n");
      Files.move(
          partial,
          settings.trackFile(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      track = value;
      trackWrittenAt = now;
    } catch (IOException e) {
      log("cannot write %s: %s", settings.trackFile(), e.getMessage());
    }
  }

  /** What {@code GET /state} answers. */
  String stateDocument() {
    long now = clock.getAsLong();
    Decision decision = last;
    ServerState me = local.state();
    String role =
        diverged
            ? "diverged"
            : fencing ? "fenced" : me == null ? "unknown" : me.writer() ? "writer" : "replica";
    return String.format(
        "{\"guard\": \"%s\", \"server\": \"%s\", \"role\": \"%s\", \"key\": %s,"
            + " \"keyMine\": %s, \"leaseLeftMs\": %d, \"grantLeftMs\": %d, \"promisedLeftMs\": %d,"
            + " \"action\": \"%s\", \"reason\": \"%s\"}%n",
        settings.name(),
        settings.server(),
        role,
        seen.holder() == null ? "null" : "\"" + seen.holder() + "\"",
        seen.mine(),
        Math.max(0, (keyRenewedAt + rules.lease().toNanos() - now) / 1_000_000),
        Math.max(0, (grantedUntil - now) / 1_000_000),
        Math.max(0, (promisedUntil - now) / 1_000_000),
        decision == null ? "" : decision.action(),
        decision == null ? "" : decision.reason().replace("\"", "'"));
  }

  /** A reason without its numbers: "out of reach for 812 ms" is logged once, not every tick. */
  private static String shape(String reason) {
    return reason.replaceAll("[0-9]+", "#");
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void log(String format, Object... args) {
    System.out.println(Instant.now() + " " + String.format(format, args));
    System.out.flush();
  }

  /**
   * Stops guarding and gives the key up: the peer does not take it while it sees this server
   * writable, so a restarted guard takes it back at once instead of waiting for the session to
   * expire. keepalived drops the VIP meanwhile (the track file goes stale): no guard, no writes.
   */
  @Override
  public void close() {
    running = false;
    grants.close();
    try {
      if (seen.mine()) {
        key.release();
        log("released the key on the way out");
      }
    } catch (KeeperException | IOException e) {
      log("could not release the key on the way out: %s", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    key.close();
    worker.shutdownNow();
  }
}
