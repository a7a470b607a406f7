package dev.tandem.launcher.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.guard.Rules.Action;
import dev.tandem.launcher.guard.Rules.KeyIntent;
import dev.tandem.launcher.guard.Rules.Sighting;
import dev.tandem.launcher.guard.Rules.Snapshot;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard's decisions: who may write, when to fence, when to promote. */
class RulesTest {

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

    Snapshot at(long now) {
      return new Snapshot(
          now,
          false,
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

  private static final LeaderKey.Seen MINE = new LeaderKey.Seen("mysql-0-1", true);
  private static final LeaderKey.Seen PEERS = new LeaderKey.Seen("mysql-0-2", false);
  private static final long NEVER = Long.MIN_VALUE / 2;

  @Test
  void aWriterThatRenewedItsKeyServes() {
    Knowledge k =
        new Knowledge(
            seen(writer(10), T),
            seen(replicaOf("10.0.0.1", 10), T),
            MINE,
            T,
            NEVER,
            NEVER,
            false,
            false);

    var decision = RULES.decide(k.at(T + 100 * MS));

    assertThat(decision.action()).isEqualTo(Action.SERVE);
    assertThat(decision.key()).isEqualTo(KeyIntent.HOLD);
  }

  @Test
  void aWriterWithoutZooKeeperServesOnItsPeersGrant() {
    Knowledge k =
        new Knowledge(
            seen(writer(10), T + 9000 * MS),
            seen(replicaOf("10.0.0.1", 10), T + 9000 * MS),
            MINE,
            T,
            T + 10_000 * MS,
            NEVER,
            false,
            false);

    assertThat(RULES.decide(k.at(T + 9500 * MS)).action()).isEqualTo(Action.SERVE);
  }

  @Test
  void aWriterFencesItselfOnceBothItsLeaseAndItsGrantHaveRunOut() {
    long lastContact = T;
    long now = lastContact + 2000 * MS;
    Knowledge k =
        new Knowledge(
            seen(writer(10), now),
            unreachableSince(replicaOf("10.0.0.1", 10), lastContact, now),
            MINE,
            lastContact,
            lastContact + 2000 * MS,
            NEVER,
            false,
            false);

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
          new Knowledge(
              seen(writer(10), now),
              unreachableSince(replicaOf("10.0.0.1", 10), lastContact, now),
              MINE,
              lastContact,
              lastContact + 2000 * MS,
              NEVER,
              false,
              false);
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
          new Knowledge(
              seen(replicaOf("10.0.0.1", 10), now),
              unreachableSince(writer(10), lastContact, now),
              keyFree ? PEERS_AS_MINE : new LeaderKey.Seen("mysql-0-1", false),
              keyFree ? now : NEVER,
              NEVER,
              promiseEnds,
              false,
              false);
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
        new Knowledge(
            seen(writer(10), T),
            seen(replicaOf("10.0.0.1", 10), T + 1600 * MS),
            MINE,
            T + 1600 * MS,
            NEVER,
            NEVER,
            false,
            false);

    var decision = RULES.decide(k.at(T + 1600 * MS));

    assertThat(decision.action()).isEqualTo(Action.FENCE);
    assertThat(decision.reason()).contains("has not answered");
  }

  @Test
  void aWriterWhoseServerIsNotRunningGivesTheKeyUpAtOnce() {
    Knowledge k =
        new Knowledge(
            refusedSince(writer(10), T - 200 * MS, T),
            seen(replicaOf("10.0.0.1", 10), T),
            MINE,
            T,
            NEVER,
            NEVER,
            false,
            false);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.action()).isEqualTo(Action.FENCE);
    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
  }

  @Test
  void aReplicaStopsReceivingFromAPrimaryOutOfReachSoItsPromotionNeedNotWaitForIt() {
    Knowledge k =
        new Knowledge(
            seen(replicaOf("10.0.0.1", 10), T),
            unreachableSince(writer(10), T - 2000 * MS, T),
            new LeaderKey.Seen("mysql-0-1", false),
            NEVER,
            NEVER,
            NEVER,
            false,
            false);

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
        new Knowledge(
            seen(stopped, T),
            seen(writer(10), T),
            new LeaderKey.Seen("mysql-0-2", false),
            NEVER,
            NEVER,
            NEVER,
            false,
            false);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.REJOIN);
  }

  @Test
  void aWriterFencesItselfWhenThePeerIsWritableAndTheKeyIsNotItsOwn() {
    Knowledge k =
        new Knowledge(
            seen(writer(10), T),
            seen(writer(12), T),
            PEERS,
            NEVER,
            T + 1000 * MS,
            NEVER,
            false,
            false);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.FENCE);
  }

  @Test
  void aReplicaLeavesTheKeyAloneWhileThePeerIsAWriterItCanSee() {
    Knowledge k =
        new Knowledge(
            seen(replicaOf("10.0.0.1", 10), T),
            seen(writer(10), T),
            LeaderKey.Seen.FREE,
            NEVER,
            NEVER,
            NEVER,
            false,
            false);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.key()).isEqualTo(KeyIntent.WATCH);
    assertThat(decision.action()).isEqualTo(Action.STANDBY);
  }

  @Test
  void aReplicaTakesAFreeKeyWhenThePeerIsOutOfReach() {
    Knowledge k =
        new Knowledge(
            seen(replicaOf("10.0.0.1", 10), T),
            unreachableSince(writer(10), T - 5000 * MS, T),
            LeaderKey.Seen.FREE,
            NEVER,
            NEVER,
            NEVER,
            false,
            false);

    assertThat(RULES.decide(k.at(T)).key()).isEqualTo(KeyIntent.HOLD);
  }

  @Test
  void aReplicaWithTheKeyWaitsUntilItsPromiseToTheCutOffWriterRanOut() {
    long promised = T + 1500 * MS;
    java.util.function.LongFunction<Snapshot> at =
        now ->
            new Knowledge(
                    seen(replicaOf("10.0.0.1", 10), now),
                    unreachableSince(writer(10), T - 4000 * MS, now),
                    PEERS_AS_MINE,
                    now,
                    NEVER,
                    promised,
                    false,
                    false)
                .at(now);

    assertThat(RULES.decide(at.apply(T)).action()).isEqualTo(Action.STANDBY);
    assertThat(RULES.decide(at.apply(promised)).action()).isEqualTo(Action.PROMOTE);
  }

  @Test
  void aReplicaPromotesAtOnceWhenNothingListensOnThePeersPort() {
    Knowledge k =
        new Knowledge(
            seen(replicaOf("10.0.0.1", 10), T),
            refusedSince(writer(10), T - 300 * MS, T),
            PEERS_AS_MINE,
            T,
            NEVER,
            T + 2500 * MS,
            false,
            false);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.action()).isEqualTo(Action.PROMOTE);
    assertThat(decision.reason()).contains("not running");
  }

  @Test
  void aReplicaWithTheKeyMakesAWritablePeerReadOnlyBeforeItPromotes() {
    Knowledge k =
        new Knowledge(
            seen(replicaOf("10.0.0.1", 10), T),
            seen(writer(10), T),
            PEERS_AS_MINE,
            T,
            NEVER,
            NEVER,
            false,
            false);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.FENCE_PEER);
  }

  @Test
  void aServerBehindItsPeerGivesTheKeyUpInsteadOfPromoting() {
    Knowledge k =
        new Knowledge(
            seen(readOnlyAlone(8), T),
            seen(readOnlyAlone(10), T),
            MINE,
            T,
            NEVER,
            NEVER,
            false,
            false);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
    assertThat(decision.action()).isNotEqualTo(Action.PROMOTE);
  }

  @Test
  void aReadOnlyServerRejoinsTheWriterThatHoldsTheKey() {
    Knowledge k =
        new Knowledge(
            seen(readOnlyAlone(10), T),
            seen(new ServerState(false, "10.0.0.2", "0-102-12", true, 0, Map.of()), T),
            PEERS,
            NEVER,
            NEVER,
            NEVER,
            false,
            false);

    assertThat(RULES.decide(k.at(T)).action()).isEqualTo(Action.REJOIN);
  }

  @Test
  void aDivergedServerNeitherPromotesNorRejoins() {
    Knowledge k =
        new Knowledge(
            seen(readOnlyAlone(10), T),
            refusedSince(writer(10), T - 5000 * MS, T),
            MINE,
            T,
            NEVER,
            NEVER,
            false,
            true);

    var decision = RULES.decide(k.at(T));

    assertThat(decision.action()).isEqualTo(Action.STANDBY);
    assertThat(decision.key()).isEqualTo(KeyIntent.RELEASE);
  }
}
