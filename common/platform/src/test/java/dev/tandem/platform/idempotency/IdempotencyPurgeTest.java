package dev.tandem.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotencyPurgeTest {

  static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

  /** Answers each purge call with the next count, recording the cutoff and limit it was given. */
  static final class CountingStore implements IdempotencyStore {
    final List<Integer> answers;
    final List<String> calls = new ArrayList<>();

    CountingStore(Integer... answers) {
      this.answers = new ArrayList<>(List.of(answers));
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff, int limit) {
      calls.add(cutoff + " " + limit);
      if (answers.isEmpty()) {
        throw new IllegalStateException("shard 1 is down");
      }
      return answers.removeFirst();
    }

    @Override
    public Fingerprint bind(IdempotentRequest request, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Recorded> find(IdempotentRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void reserve(IdempotentRequest request, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void saveAnswer(IdempotentRequest request, String answer) {
      throw new UnsupportedOperationException();
    }
  }

  static IdempotencyPurge purge(IdempotencyStore store, int batchesPerRun) {
    return new IdempotencyPurge(
        store,
        new IdempotencySettings(Duration.ofHours(24), Duration.ofMinutes(5), 500, batchesPerRun),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void deletesWhatIsOlderThanTheRetentionInBatchesUntilNothingIsLeft() {
    CountingStore store = new CountingStore(500, 500, 3, 0);

    assertThat(purge(store, 100).purgeExpired()).isEqualTo(1_003);
    assertThat(store.calls).hasSize(4).allMatch(call -> call.equals("2030-01-14T12:00:00Z 500"));
  }

  @Test
  void aRunIsBoundedSoABacklogIsWorkedOffOverSeveralRuns() {
    CountingStore store = new CountingStore(500, 500, 500, 500);

    assertThat(purge(store, 3).purgeExpired()).isEqualTo(1_500);
    assertThat(store.calls).hasSize(3);
  }

  @Test
  void aFailedRunIsLoggedAndLeftToTheNextRun() {
    CountingStore store = new CountingStore();

    assertThatCode(() -> purge(store, 3).purgeOnSchedule()).doesNotThrowAnyException();
    assertThat(store.calls).hasSize(1);
  }

  @Test
  void aServiceThatKeepsKeysGetsThePurgeWithADayOfRetentionByDefault() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class));

    runner.run(context -> assertThat(context).doesNotHaveBean(IdempotencyPurge.class));
    runner
        .withBean(IdempotencyStore.class, CountingStore::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(IdempotencyPurge.class);
              assertThat(context.getBean(IdempotencySettings.class).retention())
                  .isEqualTo(Duration.ofHours(24));
            });
    runner
        .withBean(IdempotencyStore.class, CountingStore::new)
        .withPropertyValues("tandem.idempotency.retention=36h")
        .run(
            context ->
                assertThat(context.getBean(IdempotencySettings.class).retention())
                    .isEqualTo(Duration.ofHours(36)));
  }
}
