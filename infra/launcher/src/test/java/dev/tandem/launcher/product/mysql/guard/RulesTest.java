package dev.tandem.launcher.product.mysql.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.product.mysql.guard.Rules.Action;
import dev.tandem.launcher.product.mysql.guard.Rules.KeyIntent;
import dev.tandem.launcher.product.mysql.guard.Rules.Sighting;
import dev.tandem.launcher.product.mysql.guard.Rules.Snapshot;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard's decisions: who may write, when to fence, when to promote. */
public class RulesTest {

  private static final long MS = 1_000_000L;
  private static final Duration SESSION = Duration.ofMillis(4000);
  private static final Rules RULES =
      new Rules(
          SESSION.dividedBy(2),
          Duration.ofMillis(2000),
          Duration.ofMillis(1000),
          Duration.ofMillis(1000),
          Duration.ofMillis(1500),
          Duration.ofMillis(3000));
  private static final long T = 60_000 * MS;

  private static ServerState writer(long progress) {
    return new ServerState(false, "10.0.0.1", "0-101-" + progress, true, 0, Map.of());
  }

  private static ServerState replicaOf(String primary, long progress) {
    return new ServerState(
        true,
        "10.0.0.2",
        "0-101-" + progress,
        false,
        0,
        Map.of(
            "Master_Host", primary,
            "Slave_IO_Running", "Yes",
            "Slave_SQL_Running", "Yes",
            "Last_IO_Errno", "0",
            "Last_SQL_Errno", "0",
            "Gtid_IO_Pos", "0-101-" + progress));
  }

  private static ServerState readOnlyAlone(long progress) {
    return new ServerState(true, "10.0.0.1", "0-101-" + progress, false, 0, Map.of());
  }

  private static Sighting seen(ServerState state, long at) {
    return new Sighting(state, at, false, at);
  }

  private static Sighting refusedSince(ServerState last, long lastSeen, long now) {
    return new Sighting(last, lastSeen, true, now);
  }

  private static Sighting unreachableSince(ServerState last, long lastSeen, long now) {
    return new Sighting(last, lastSeen, false, now);
  }

  private record Knowledge(
      Sighting local,
      Sighting peer,
      LeaderKey.Seen key,
      long keyRenewedAt,
      long grantedUntil,
      long promisedUntil,
      boolean fencing,
      boolean diverged) {

    Knowledge holding(LeaderKey.Seen seen, long renewedAt) {
      return new Knowledge(
          local, peer, seen, renewedAt, grantedUntil, promisedUntil, fencing, diverged);
    }

    Knowledge grantedUntil(long until) {
      return new Knowledge(local, peer, key, keyRenewedAt, until, promisedUntil, fencing, diverged);
    }

    Knowledge promisedUntil(long until) {
      return new Knowledge(local, peer, key, keyRenewedAt, grantedUntil, until, fencing, diverged);
    }

    Knowledge thatDiverged() {
      return new Knowledge(
          local, peer, key, keyRenewedAt, grantedUntil, promisedUntil, fencing, true);
    }

    Snapshot at(long now) {
      return snapshot(now, false);
    }

    /** The same knowledge, in a guard that started less than its start-up grace ago. */
    Snapshot startingAt(long now) {
      return snapshot(now, true);
    }

    private Snapshot snapshot(long now, boolean starting) {
      return new Snapshot(
          now,
          starting,
          "mysql-0-2",
          local,
          peer,
          key,
          keyRenewedAt,
          grantedUntil,
          promisedUntil,
          fencing,
          diverged);
    }
  }

  /** What a guard knows of its server and its peer, with no key, grant or promise yet. */
  private static Knowledge knows(Sighting local, Sighting peer) {
    return new Knowledge(local, peer, LeaderKey.Seen.FREE, NEVER, NEVER, NEVER, false, false);
  }

  private static final LeaderKey.Seen MINE = new LeaderKey.Seen("mysql-0-1", true);
  private static final LeaderKey.Seen PEERS = new LeaderKey.Seen("mysql-0-2", false);
  private static final long NEVER = Long.MIN_VALUE / 2;

  @Test
  void aWriterThatRenewedItsKeyServes() {
    Knowledge k = knows(seen(writer(10), T), seen(replicaOf("10.0.0.1", 10), T)).holding(MINE, T);

    var decision = RULES.decide(k.at(T + 100 * MS));

    assertThat(decision.action()).isEqualTo(Action.SERVE);
    assertThat(decision.key()).isEqualTo(KeyIntent.HOLD);
  }

  @Test
  void aWriterWithoutZooKeeperServesOnItsPeersGrant() {
    Knowledge k =
        knows(seen(writer(10), T + 9000 * MS), seen(replicaOf("10.0.0.1", 10), T + 9000 * MS))
            .holding(MINE, T)
            .grantedUntil(T + 10_000 * MS);

    assertThat(RULES.decide(k.at(T + 9500 * MS)).action()).isEqualTo(Action.SERVE);
  }

  @Test
  void aWriterFencesItselfOnceBothItsLeaseAndItsGrantHaveRunOut() {
    long lastContact = T;
    long now = lastContact + 2000 * MS;
    Knowledge k =
        knows(seen(writer(10), now), unreachableSince(replicaOf("10.0.0.1", 10), lastContact, now))
            .holding(MINE, lastContact)
            .grantedUntil(lastContact + 2000 * MS);

    assertThat(RULES.decide(k.at(now - MS)).action()).isEqualTo(Action.SERVE);
    var decision = RULES.decide(k.at(now));
    assertThat(decision.action()).isEqualTo(Action.FENCE);
    assertThat(decision.reason()).startsWith("lost quorum");
    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
  }

  @Test
  void aCutOffPrimaryHasFencedItselfBeforeItsPeerMayPromote() {
    // The primary's last renewal and grant request went out at T; its guard ticks every 100 ms.
    long lastContact = T;
    long tick = 100 * MS;
    long fencedBy = NEVER;
    for (long now = lastContact; fencedBy == NEVER; now += tick) {
      Knowledge k =
          knows(
                  seen(writer(10), now),
                  unreachableSince(replicaOf("10.0.0.1", 10), lastContact, now))
              .holding(MINE, lastContact)
              .grantedUntil(lastContact + 2000 * MS);
      if (RULES.decide(k.at(now)).action() == Action.FENCE) {
        fencedBy = now;
      }
    }
    // The peer: ZooKeeper expires the key a whole session after the renewal at the earliest, and
    // the peer granted at T (it received the request no earlier than it was sent).
    long keyFreeAtEarliest = lastContact + SESSION.toNanos();
    long promiseEnds = lastContact + 3000 * MS;
    long peerMayPromote = Math.max(keyFreeAtEarliest, promiseEnds);
    long firstPromotion = NEVER;
    for (long now = lastContact; firstPromotion == NEVER; now += tick) {
      boolean keyFree = now >= keyFreeAtEarliest;
      Knowledge peer =
          knows(
                  seen(replicaOf("10.0.0.1", 10), now),
                  unreachableSince(writer(10), lastContact, now))
              .holding(
                  keyFree ? PEERS_AS_MINE : new LeaderKey.Seen("mysql-0-1", false),
                  keyFree ? now : NEVER)
              .promisedUntil(promiseEnds);
      if (RULES.decide(peer.at(now)).action() == Action.PROMOTE) {
        firstPromotion = now;
      }
    }

    assertThat(firstPromotion).isGreaterThanOrEqualTo(peerMayPromote);
    assertThat((firstPromotion - fencedBy) / MS)
        .as("margin between the fence and the first possible promotion, ms")
        .isGreaterThanOrEqualTo(1900);
  }

  private static final LeaderKey.Seen PEERS_AS_MINE = new LeaderKey.Seen("mysql-0-2", true);

  @Test
  void aWriterWhoseServerStopsAnsweringFencesIt() {
    Knowledge k =
        knows(seen(writer(10), T), seen(replicaOf("10.0.0.1", 10), T + 1600 * MS))
            .holding(MINE, T + 1600 * MS);

    var decision = RULES.decide(k.at(T + 1600 * MS));

    assertThat(decision.action()).isEqualTo(Action.FENCE);
    assertThat(decision.reason()).contains("has not answered");
  }

  @Test
  void aWriterWhoseServerIsNotRunningGivesTheKeyUpAtOnce() {
    Knowledge k =
        knows(refusedSince(writer(10), T - 200 * MS, T), seen(replicaOf("10.0.0.1", 10), T))
            .holding(MINE, T);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.action()).isEqualTo(Action.FENCE);
    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
  }

  @Test
  void aReplicaStopsReceivingFromAPrimaryOutOfReachSoItsPromotionNeedNotWaitForIt() {
    Knowledge k =
        knows(seen(replicaOf("10.0.0.1", 10), T), unreachableSince(writer(10), T - 2000 * MS, T))
            .holding(new LeaderKey.Seen("mysql-0-1", false), NEVER);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.STOP_RECEIVING);
  }

  @Test
  void aReplicaThatStoppedReceivingRejoinsWhenThePrimaryIsBack() {
    ServerState stopped =
        new ServerState(
            true,
            "10.0.0.2",
            "0-101-10",
            false,
            0,
            Map.of(
                "Master_Host", "10.0.0.1",
                "Slave_IO_Running", "No",
                "Slave_SQL_Running", "Yes",
                "Last_IO_Errno", "0",
                "Last_SQL_Errno", "0"));
    Knowledge k =
        knows(seen(stopped, T), seen(writer(10), T))
            .holding(new LeaderKey.Seen("mysql-0-2", false), NEVER);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.REJOIN);
  }

  @Test
  void aWriterFencesItselfWhenThePeerIsWritableAndTheKeyIsNotItsOwn() {
    Knowledge k =
        knows(seen(writer(10), T), seen(writer(12), T))
            .holding(PEERS, NEVER)
            .grantedUntil(T + 1000 * MS);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.FENCE);
  }

  @Test
  void aReplicaLeavesTheKeyAloneWhileThePeerIsAWriterItCanSee() {
    Knowledge k = knows(seen(replicaOf("10.0.0.1", 10), T), seen(writer(10), T));

    var decision = RULES.decide(k.at(T));

    assertThat(decision.key()).isEqualTo(KeyIntent.WATCH);
    assertThat(decision.action()).isEqualTo(Action.STANDBY);
  }

  @Test
  void aReplicaTakesAFreeKeyWhenThePeerIsOutOfReach() {
    Knowledge k =
        knows(seen(replicaOf("10.0.0.1", 10), T), unreachableSince(writer(10), T - 5000 * MS, T));

    assertThat(RULES.decide(k.at(T)).key()).isEqualTo(KeyIntent.HOLD);
  }

  /**
   * A cold {@code up}: the launcher made the peer the writer and this server its replica, then
   * started both guards at once. Until this guard has seen the peer, a free key says nothing: the
   * peer's guard may simply not have taken it yet.
   */
  @Test
  void aStartingReplicaLeavesAFreeKeyAloneUntilItHasSeenItsPeer() {
    Knowledge k = knows(seen(replicaOf("10.0.0.1", 0), T), Sighting.NEVER);

    var decision = RULES.decide(k.startingAt(T));

    assertThat(decision.key()).isEqualTo(KeyIntent.WATCH);
    assertThat(decision.action()).isEqualTo(Action.STANDBY);
  }

  @Test
  void aStartingReplicaLeavesAFreeKeyAloneWhileItsFirstLookAtThePeerFailed() {
    Knowledge k = knows(seen(replicaOf("10.0.0.1", 0), T), unreachableSince(null, NEVER, T));

    assertThat(RULES.decide(k.startingAt(T)).key()).isEqualTo(KeyIntent.WATCH);
  }

  @Test
  void aStartingReplicaLeavesAFreeKeyAloneWhenItLastSawThePeerWritable() {
    Knowledge k =
        knows(seen(replicaOf("10.0.0.1", 0), T), unreachableSince(writer(0), T - 1500 * MS, T));

    assertThat(RULES.decide(k.startingAt(T)).key()).isEqualTo(KeyIntent.WATCH);
  }

  @Test
  void aReplicaTakesAFreeKeyOnceItsStartUpGraceIsOverEvenIfThePeerWasNeverSeen() {
    Knowledge k = knows(seen(replicaOf("10.0.0.1", 0), T), unreachableSince(null, NEVER, T));

    assertThat(RULES.decide(k.at(T)).key()).isEqualTo(KeyIntent.HOLD);
  }

  @Test
  void aStartingReplicaTakesAFreeKeyWhenNothingListensOnThePeersPort() {
    Knowledge k = knows(seen(replicaOf("10.0.0.1", 0), T), refusedSince(null, NEVER, T));

    assertThat(RULES.decide(k.startingAt(T)).key()).isEqualTo(KeyIntent.HOLD);
  }

  @Test
  void aStartingReplicaThatSeesItsPeerReadOnlyAndBehindMayTakeAFreeKey() {
    Knowledge k = knows(seen(readOnlyAlone(10), T), seen(readOnlyAlone(8), T));

    assertThat(RULES.decide(k.startingAt(T)).key()).isEqualTo(KeyIntent.HOLD);
  }

  @Test
  void aReplicaWithTheKeyWaitsUntilItsPromiseToTheCutOffWriterRanOut() {
    long promised = T + 1500 * MS;
    java.util.function.LongFunction<Snapshot> at =
        now ->
            knows(
                    seen(replicaOf("10.0.0.1", 10), now),
                    unreachableSince(writer(10), T - 4000 * MS, now))
                .holding(PEERS_AS_MINE, now)
                .promisedUntil(promised)
                .at(now);

    assertThat(RULES.decide(at.apply(T)).action()).isEqualTo(Action.STANDBY);
    assertThat(RULES.decide(at.apply(promised)).action()).isEqualTo(Action.PROMOTE);
  }

  @Test
  void aReplicaPromotesAtOnceWhenNothingListensOnThePeersPort() {
    Knowledge k =
        knows(seen(replicaOf("10.0.0.1", 10), T), refusedSince(writer(10), T - 300 * MS, T))
            .holding(PEERS_AS_MINE, T)
            .promisedUntil(T + 2500 * MS);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.action()).isEqualTo(Action.PROMOTE);
    assertThat(decision.reason()).contains("not running");
  }

  @Test
  void aReplicaWithTheKeyMakesAWritablePeerReadOnlyBeforeItPromotes() {
    Knowledge k =
        knows(seen(replicaOf("10.0.0.1", 10), T), seen(writer(10), T)).holding(PEERS_AS_MINE, T);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.FENCE_PEER);
  }

  @Test
  void aServerBehindItsPeerGivesTheKeyUpInsteadOfPromoting() {
    Knowledge k = knows(seen(readOnlyAlone(8), T), seen(readOnlyAlone(10), T)).holding(MINE, T);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
    assertThat(decision.action()).isNotEqualTo(Action.PROMOTE);
  }

  @Test
  void aReadOnlyServerRejoinsTheWriterThatHoldsTheKey() {
    Knowledge k =
        knows(
                seen(readOnlyAlone(10), T),
                seen(new ServerState(false, "10.0.0.2", "0-102-12", true, 0, Map.of()), T))
            .holding(PEERS, NEVER);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.REJOIN);
  }

  @Test
  void aDivergedServerNeitherPromotesNorRejoins() {
    Knowledge k =
        knows(seen(readOnlyAlone(10), T), refusedSince(writer(10), T - 5000 * MS, T))
            .holding(MINE, T)
            .thatDiverged();

    var decision = RULES.decide(k.at(T));

    assertThat(decision.action()).isEqualTo(Action.STANDBY);
    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
  }
}
