package dev.tandem.launcher.product.mysql.guard;

import dev.tandem.launcher.product.mysql.guard.Rules.Action;
import dev.tandem.launcher.product.mysql.guard.Rules.Decision;
import dev.tandem.launcher.product.mysql.guard.Rules.Sighting;
import dev.tandem.launcher.product.mysql.guard.Rules.Snapshot;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Guards one MariaDB server of a replicated shard (see {@code package-info} for the protocol).
 * Observers run on their own threads and only record what they saw, with when; the loop decides
 * from those records every tick, so a hung server, an unreachable peer or a ZooKeeper call waiting
 * for its timeout never delays a fence. The leader key is kept by a {@link KeyKeeper}; slow actions
 * (fence, promote, rejoin) run one at a time through {@link ServerActions}.
 */
public final class Guard implements AutoCloseable {

  private final GuardSettings settings;
  private final LongSupplier clock;
  private final KeyKeeper key;
  private final ServerActions actions;
  private final Grants grants;
  private final TrackFile track;
  private final Divergence divergence;
  private final long startedAt;
  private volatile boolean running = true;

  private volatile Sighting local = Sighting.NEVER;
  private volatile Sighting peer = Sighting.NEVER;
  private volatile long grantedUntil = Long.MIN_VALUE / 2;
  private volatile long promisedUntil = Long.MIN_VALUE / 2;
  private volatile boolean grantTried;
  private volatile Decision last;

  Guard(GuardSettings settings, ServerProcess process, LongSupplier clock) throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.startedAt = clock.getAsLong();
    this.key = new KeyKeeper(settings, clock);
    this.grants =
        new Grants(
            settings.address(),
            settings.guardPort(),
            settings.peerTimeout(),
            this::grant,
            this::stateDocument);
    this.divergence = new Divergence(settings, process);
    this.actions = new ServerActions(settings, process, divergence, clock, () -> local);
    this.track = new TrackFile(settings.trackFile());
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
        key.rules().lease().toMillis(),
        settings.grant().toMillis(),
        settings.margin().toMillis());
    if (divergence.known()) {
      log(
          "diverged (%s): waits for ./tandem mysql rejoin %s --rebuild",
          divergence.markerLine(), settings.server());
    }
    grants.start();
    MariaDb localProbe = probe(settings.address(), Duration.ofSeconds(1));
    MariaDb peerProbe = probe(settings.peerAddress(), Duration.ofMillis(600));
    daemon("local", () -> local = observe(localProbe, local));
    daemon("peer", () -> peer = observe(peerProbe, peer));
    daemon("grant", this::askForGrant);
    Thread keeper = new Thread(key, "key");
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

  // --- grants between the guards ---

  private void askForGrant() {
    ServerState state = local.state();
    if (state == null || !state.writer() || actions.fencing()) {
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
    boolean readOnly = me.state() != null && me.state().readOnly() && !actions.stale(me, now);
    if (!readOnly && !me.refused()) {
      return new Grants.Answer(false, "refused: " + settings.server() + " is not read-only");
    }
    if (key.seen().mine() || actions.promoting()) {
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
    actions.noteFenced(me);
    Decision decision =
        key.rules()
            .decide(
                new Snapshot(
                    now,
                    !(key.tried() && grantTried)
                        && now - startedAt < settings.startupGrace().toNanos(),
                    settings.peerName(),
                    me,
                    peer,
                    key.seen(),
                    key.renewedAt(),
                    grantedUntil,
                    promisedUntil,
                    actions.fencing(),
                    divergence.known()));
    key.intend(decision.key());
    track.write(decision.action() == Action.SERVE ? "0" : "1", now);
    if (last == null
        || last.action() != decision.action()
        || !shape(last.reason()).equals(shape(decision.reason()))) {
      log("%s: %s", decision.action(), decision.reason());
    }
    last = decision;
    actions.take(decision, me, now);
  }

  /** What {@code GET /state} answers. */
  String stateDocument() {
    long now = clock.getAsLong();
    Decision decision = last;
    ServerState me = local.state();
    LeaderKey.Seen seen = key.seen();
    String role =
        divergence.known()
            ? "diverged"
            : actions.fencing()
                ? "fenced"
                : me == null ? "unknown" : me.writer() ? "writer" : "replica";
    return String.format(
        "{\"guard\": \"%s\", \"server\": \"%s\", \"role\": \"%s\", \"key\": %s,"
            + " \"keyMine\": %s, \"leaseLeftMs\": %d, \"grantLeftMs\": %d, \"promisedLeftMs\": %d,"
            + " \"action\": \"%s\", \"reason\": \"%s\"}%n",
        settings.name(),
        settings.server(),
        role,
        seen.holder() == null ? "null" : "\"" + seen.holder() + "\"",
        seen.mine(),
        Math.max(0, (key.renewedAt() + key.rules().lease().toNanos() - now) / 1_000_000),
        Math.max(0, (grantedUntil - now) / 1_000_000),
        Math.max(0, (promisedUntil - now) / 1_000_000),
        decision == null ? "" : decision.action(),
        decision == null ? "" : decision.reason().replace("\"", "'"));
  }

  /** A reason without its numbers: "out of reach for 812 ms" is logged once, not every tick. */
  private static String shape(String reason) {
    return reason.replaceAll("[0-9]+", "#");
  }

  static void pause(Duration duration) {
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
    key.close();
    actions.close();
  }
}
