package dev.tandem.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DeadlockLoserDataAccessException;

/**
 * The rules of idempotent writes, against {@link InMemoryIdempotencyStore}. What the rules assume
 * of a real store (a binding row every use of a key meets, a record that commits with its change, a
 * reserve that makes a twin wait) is what the services' integration tests check on MariaDB.
 */
class IdempotentWritesTest {

  static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

  record Balance(String memberId, int points) {}

  static class KeyReused extends RuntimeException {
    KeyReused(String key) {
      super(key);
    }
  }

  final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
  final MutableClock clock = new MutableClock(NOW);
  final IdempotentWrites writes =
      new IdempotentWrites(store, store.transactions(), new ObjectMapper(), clock, KeyReused::new);
  final AtomicInteger points = new AtomicInteger();

  static IdempotentRequest addPoints(String caller, String key, long memberId, int points) {
    return IdempotentRequest.of(
        IdempotencyScope.ofCaller(caller),
        key,
        Fingerprint.of("add-points").with("memberId", memberId).with("points", points).build());
  }

  Balance add(IdempotentRequest request, int amount) {
    return writes.apply(request, Balance.class, () -> new Balance("m", points.addAndGet(amount)));
  }

  @Test
  void theFirstUseRunsTheChangeAndRecordsItsAnswerWithIt() {
    IdempotentRequest request = addPoints("42", "k1", 42, 100);

    Balance answer = add(request, 100);

    assertThat(answer).isEqualTo(new Balance("m", 100));
    assertThat(store.committedRecord(0, request))
        .hasValueSatisfying(
            row -> {
              assertThat(row.fingerprint()).isEqualTo(request.fingerprint());
              assertThat(row.answer()).isEqualTo("{\"memberId\":\"m\",\"points\":100}");
              assertThat(row.createdAt()).isEqualTo(NOW);
            });
  }

  @Test
  void theSameRequestAgainReplaysTheFirstAnswerWithoutRunningTheChange() {
    IdempotentRequest request = addPoints("42", "k1", 42, 100);
    Balance first = add(request, 100);
    points.set(5_000);

    Balance replayed = add(request, 100);

    assertThat(replayed).isEqualTo(first);
    assertThat(points).hasValue(5_000);
  }

  @Test
  void anotherRequestUnderTheKeyIsRefusedAndRunsNothing() {
    add(addPoints("42", "k1", 42, 100), 100);

    assertThatThrownBy(() -> add(addPoints("42", "k1", 42, 999), 999))
        .isInstanceOf(KeyReused.class)
        .hasMessage("k1");
    assertThat(points).hasValue(100);
  }

  @Test
  void aKeyIsOneRequestAcrossShardsEvenWhenTheBodiesLandOnDifferentShards() {
    // an admin adds points to a member on shard 0, then reuses the key for one on shard 1
    add(addPoints("admin", "k1", 10, 100).onShard(0), 100);

    assertThatThrownBy(() -> add(addPoints("admin", "k1", 11, 100).onShard(1), 100))
        .isInstanceOf(KeyReused.class);
    assertThat(store.records.getOrDefault(1, java.util.Map.of())).isEmpty();
    assertThat(points).hasValue(100);
  }

  @Test
  void twoCallersUsingTheSameKeyNeverMeet() {
    Balance ada = add(addPoints("42", "k1", 42, 100), 100);
    Balance grace = add(addPoints("43", "k1", 43, 7), 7);

    assertThat(ada.points()).isEqualTo(100);
    assertThat(grace.points()).isEqualTo(107);
  }

  @Test
  void aRetryAfterTheWriteFailedAppliesTheChangeOnceAndTheKeyStaysBoundToItsRequest() {
    IdempotentRequest request = addPoints("42", "k1", 42, 100);
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                writes.apply(
                    request,
                    Balance.class,
                    () -> {
                      attempts.incrementAndGet();
                      points.addAndGet(100);
                      throw new IllegalStateException("shard primary went away mid-write");
                    }))
        .isInstanceOf(IllegalStateException.class);
    points.set(0); // the failed write's change rolled back with its record
    assertThat(store.committedRecord(0, request)).isEmpty();

    assertThat(add(request, 100).points()).isEqualTo(100);
    assertThat(add(request, 100).points()).isEqualTo(100);
    assertThat(points).hasValue(100);
    assertThatThrownBy(() -> add(addPoints("42", "k1", 42, 5), 5)).isInstanceOf(KeyReused.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aConcurrentTwinThatCommittedFirstIsReplayedNotAppliedAgain() {
    IdempotentRequest request = addPoints("42", "k1", 42, 100);
    store.twinCommitsFirst(request, "{\"memberId\":\"m\",\"points\":100}");

    Balance answer = add(request, 100);

    assertThat(answer).isEqualTo(new Balance("m", 100));
    assertThat(points).as("this request's own change never ran").hasValue(0);
  }

  @Test
  void aDeadlockVictimRunsAgainAndAppliesOnce() {
    IdempotentRequest request = addPoints("42", "k1", 42, 100);
    AtomicInteger attempts = new AtomicInteger();

    Balance answer =
        writes.apply(
            request,
            Balance.class,
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new DeadlockLoserDataAccessException("victim", null);
              }
              return new Balance("m", points.addAndGet(100));
            });

    assertThat(answer.points()).isEqualTo(100);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void givesUpAfterLosingThreeRacesInARow() {
    IdempotentRequest request = addPoints("42", "k1", 42, 100);
    store.twinKeepsWinning(request);

    assertThatThrownBy(() -> add(request, 100)).isInstanceOf(ConcurrentUseException.class);
    assertThat(points).hasValue(0);
  }

  @Test
  void anExpiredKeyMayBeUsedAgainForAnotherRequest() {
    add(addPoints("42", "k1", 42, 100), 100);
    clock.advance(Duration.ofHours(24).plusSeconds(1));
    new IdempotencyPurge(
            store,
            new IdempotencySettings(Duration.ofHours(24), Duration.ofMinutes(5), 10, 10),
            clock)
        .purgeExpired();

    assertThat(add(addPoints("42", "k1", 42, 5), 5).points()).isEqualTo(105);
  }

  @Test
  void aRecordThatOutlivesItsBindingStillRefusesAnotherRequestOnItsShard() {
    add(addPoints("42", "k1", 42, 100), 100);
    store.bindings.clear(); // the home's purge ran before the shard's

    assertThatThrownBy(() -> add(addPoints("42", "k1", 42, 5), 5)).isInstanceOf(KeyReused.class);
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
