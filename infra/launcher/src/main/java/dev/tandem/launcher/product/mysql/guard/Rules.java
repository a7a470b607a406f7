package dev.tandem.launcher.product.mysql.guard;

import java.time.Duration;

/**
 * The guard's decisions, as a pure function of what it knows ({@link Snapshot}) and its timings.
 * The safety argument lives here and in {@code package-info}; {@code RulesTest} pins it.
 *
 * @param lease how long a renewal of the leader key keeps this server writable: half the ZooKeeper
 *     session timeout, so the server fences itself well before ZooKeeper can expire the session and
 *     hand the key to the peer
 * @param grant how long a peer's grant keeps this server writable
 * @param margin what a peer that granted adds before it may promote itself
 * @param fresh how old an answer may be and still count as the present
 * @param localSilence how long the local server may not answer before the guard treats it as hung
 * @param startupGrace how long at most a new guard lets a writable server run before its first
 *     attempt at the key has come back: no longer than a peer must wait after losing sight of it
 *     ({@code grant + margin}), so a guard started on a host that is cut off fences in time
 */
public record Rules(
    Duration lease,
    Duration grant,
    Duration margin,
    Duration fresh,
    Duration localSilence,
    Duration startupGrace) {

  /** What the guard does now. */
  enum Action {
    /** This server is the writer and may stay one: keep the VIP. */
    SERVE,
    /** This server must stop taking writes now. */
    FENCE,
    /** The peer is writable and this server is about to promote: make the peer read-only first. */
    FENCE_PEER,
    /** Become the writer. */
    PROMOTE,
    /** Replicate from the peer, which is the writer. */
    REJOIN,
    /**
     * The primary has been out of reach for a while: stop receiving, so that a promotion need not
     * wait for the receiving thread to give up a connection attempt (up to slave_net_timeout).
     */
    STOP_RECEIVING,
    /** Nothing to do: a replica, a fenced or diverged server, or waiting. */
    STANDBY
  }

  /** What the guard wants of the leader key. */
  enum KeyIntent {
    HOLD,
    RELEASE,
    WATCH
  }

  record Decision(Action action, KeyIntent key, String reason) {}

  /** The latest answer of a server and when it came; and whether the latest try was refused. */
  record Sighting(ServerState state, long seenAt, boolean refused, long triedAt) {
    static final Sighting NEVER = new Sighting(null, Long.MIN_VALUE / 2, false, Long.MIN_VALUE / 2);
  }

  /**
   * What the guard knows at {@code now} (all times from one monotonic clock, in nanoseconds).
   *
   * @param keyRenewedAt when the last successful renewal (or taking) of the key was sent
   * @param grantedUntil until when the peer's last grant keeps this server writable
   * @param promisedUntil before this, the peer may rely on a grant from us: no promotion
   * @param starting the guard started less than {@code startupGrace} ago and its first attempt at
   *     the key has not come back yet (a reader's guard: it started less than {@code startupGrace}
   *     ago)
   * @param fencing a fence of the local server is under way or done, and not yet seen through
   */
  record Snapshot(
      long now,
      boolean starting,
      String peerName,
      Sighting local,
      Sighting peer,
      LeaderKey.Seen key,
      long keyRenewedAt,
      long grantedUntil,
      long promisedUntil,
      boolean fencing,
      boolean diverged) {}

  Decision decide(Snapshot s) {
    ServerState local = s.local().state();
    if (s.diverged()) {
      return new Decision(Action.STANDBY, release(s), "diverged: waits for a rebuild");
    }
    if (local != null && local.writer() && !s.fencing()) {
      return decideAsWriter(s);
    }
    return decideAsReader(s);
  }

  private Decision decideAsWriter(Snapshot s) {
    long now = s.now();
    if (s.local().refused() && s.local().triedAt() > s.local().seenAt()) {
      return new Decision(Action.FENCE, KeyIntent.RELEASE, "the local server is not running");
    }
    if (now - s.local().seenAt() > localSilence.toNanos()) {
      return new Decision(
          Action.FENCE,
          KeyIntent.RELEASE,
          "the local server has not answered for " + ms(now - s.local().seenAt()));
    }
    boolean leaseValid = holdsFreshKey(s);
    boolean grantValid = now < s.grantedUntil();
    if (fresh(s.peer(), now) && s.peer().state().writer() && !leaseValid) {
      return new Decision(
          Action.FENCE,
          KeyIntent.RELEASE,
          s.peerName() + " is writable too, and the key is not ours");
    }
    if (!leaseValid && !grantValid) {
      if (s.starting()) {
        return new Decision(Action.SERVE, KeyIntent.HOLD, "starting: taking the key");
      }
      return new Decision(
          Action.FENCE,
          KeyIntent.RELEASE,
          "lost quorum: no key renewal for "
              + ms(now - s.keyRenewedAt())
              + " and no grant from "
              + s.peerName());
    }
    return new Decision(
        Action.SERVE,
        KeyIntent.HOLD,
        leaseValid ? "holds the key" : "holds a grant from " + s.peerName() + " (no key)");
  }

  private Decision decideAsReader(Snapshot s) {
    long now = s.now();
    ServerState local = fresh(s.local(), now) ? s.local().state() : null;
    ServerState peer = fresh(s.peer(), now) ? s.peer().state() : null;
    boolean peerWriter = peer != null && peer.writer();
    boolean eligible =
        local != null
            && !s.fencing()
            && local.readOnly()
            && !local.replicationBroken()
            && (peer == null || peerWriter || local.progress() >= peer.progress());

    // To a guard that is starting, a free key says little: on a cold start the launcher has just
    // made the peer the writer, and the peer's guard, started at the same moment, may not have
    // taken the key yet. Taking it then would move the writer. So until its start-up grace is over,
    // a guard leaves a free key alone unless it has seen that the peer cannot be the writer.
    boolean peerMayWrite =
        !s.peer().refused() && (s.peer().state() == null || s.peer().state().writer());
    KeyIntent key;
    if (s.key().mine()) {
      key = eligible ? KeyIntent.HOLD : KeyIntent.RELEASE;
    } else if (s.key().free() && eligible && !peerWriter && !(s.starting() && peerMayWrite)) {
      key = KeyIntent.HOLD;
    } else {
      key = KeyIntent.WATCH;
    }

    if (eligible && holdsFreshKey(s)) {
      if (peerWriter) {
        return new Decision(Action.FENCE_PEER, key, s.peerName() + " is still writable");
      }
      if (peerCannotWrite(s)) {
        return new Decision(Action.PROMOTE, key, "holds the key; " + peerStatus(s));
      }
      return new Decision(
          Action.STANDBY,
          key,
          "holds the key; waits until its grant to " + s.peerName() + " has run out");
    }
    if (local != null
        && local.readOnly()
        && !s.fencing()
        && peerWriter
        && s.peerName().equals(s.key().holder())
        && !replicatesFrom(local, s.peer().state())) {
      return new Decision(Action.REJOIN, key, s.peerName() + " is the writer");
    }
    if (local != null
        && local.receiving()
        && s.peer().state() != null
        && s.peer().state().reportHost() != null
        && s.peer().state().reportHost().equals(local.masterHost())
        && !s.peer().refused()
        && now - s.peer().seenAt() >= fresh.plus(fresh).toNanos()) {
      return new Decision(
          Action.STOP_RECEIVING,
          key,
          s.peerName() + " out of reach for " + ms(now - s.peer().seenAt()));
    }
    return new Decision(Action.STANDBY, key, local == null ? "waits for the local server" : "");
  }

  /**
   * The peer cannot take a write: nothing listens on its port, or it says it is read-only (and only
   * a holder of the key, which we are, may make it writable); or it has been out of reach for
   * longer than any grant we gave it, so its own guard has fenced it.
   */
  private boolean peerCannotWrite(Snapshot s) {
    long now = s.now();
    if (s.peer().refused() && now - s.peer().triedAt() <= fresh.toNanos()) {
      return true;
    }
    if (fresh(s.peer(), now)) {
      return s.peer().state().readOnly();
    }
    return now >= s.promisedUntil() && now - s.peer().seenAt() >= grant.plus(margin).toNanos();
  }

  private String peerStatus(Snapshot s) {
    long now = s.now();
    if (s.peer().refused() && now - s.peer().triedAt() <= fresh.toNanos()) {
      return s.peerName() + " is not running";
    }
    if (fresh(s.peer(), now)) {
      return s.peerName() + " is read-only";
    }
    return s.peerName() + " out of reach for " + ms(now - s.peer().seenAt());
  }

  /** Released when not needed: the peer need not wait for the session to expire. */
  private static KeyIntent release(Snapshot s) {
    return s.key().mine() ? KeyIntent.RELEASE : KeyIntent.WATCH;
  }

  private boolean holdsFreshKey(Snapshot s) {
    return s.key().mine() && s.now() - s.keyRenewedAt() < lease.toNanos();
  }

  /** Seen lately, and the latest try since was no failure. */
  private boolean fresh(Sighting sighting, long now) {
    return sighting.state() != null
        && now - sighting.seenAt() <= fresh.toNanos()
        && sighting.seenAt() >= sighting.triedAt();
  }

  static boolean replicatesFrom(ServerState local, ServerState primary) {
    return primary.reportHost() != null
        && primary.reportHost().equals(local.masterHost())
        && local.receiving()
        && "Yes".equals(local.replica().get("Slave_SQL_Running"))
        && !local.replicationBroken();
  }

  private static String ms(long nanos) {
    return nanos > Duration.ofDays(1).toNanos() ? "ever" : (nanos / 1_000_000) + " ms";
  }
}
