package dev.tandem.member.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemberIdsTest {

  private final AtomicLong now =
      new AtomicLong(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli());
  private final MemberIds ids = new MemberIds(91, new SettableClock(now));

  @Test
  void idsCarryTheShardTheyWereMadeFor() {
    for (int shard = 0; shard < MemberIds.MAX_SHARDS; shard++) {
      assertThat(MemberIds.shardOf(ids.next(shard))).isEqualTo(shard);
    }
  }

  @Test
  void idsCarryTheirTimeAndArePositive() {
    long id = ids.next(1);

    assertThat(id).isPositive();
    assertThat(MemberIds.timeOf(id)).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
  }

  @Test
  void laterIdsAreGreaterWhicheverTheShard() {
    long first = ids.next(1);
    now.addAndGet(1);
    long second = ids.next(0);

    assertThat(second).isGreaterThan(first);
  }

  @Test
  void idsWithinOneMillisecondStillIncreaseBeyondTheSequenceLimit() {
    List<Long> generated = new ArrayList<>();
    for (int i = 0; i < 3 * 1024; i++) {
      generated.add(ids.next(i % 2));
    }

    assertThat(generated).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aClockThatStepsBackNeitherRepeatsNorReordersIds() {
    long before = ids.next(0);
    now.addAndGet(-5_000);
    long after = ids.next(0);

    assertThat(after).isGreaterThan(before);
  }

  @Test
  void rejectsShardsAndWorkersTheBitsCannotHold() {
    assertThatIllegalArgumentException().isThrownBy(() -> ids.next(MemberIds.MAX_SHARDS));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemberIds(MemberIds.MAX_WORKER + 1, Clock.systemUTC()));
  }

  @Test
  void emailsPickTheSameShardWhateverTheirCase() {
    assertThat(EmailShards.shardOf(" Ada@Example.org ", 2))
        .isEqualTo(EmailShards.shardOf("ada@example.org", 2));
    assertThat(EmailShards.normalize(" Ada@Example.org ")).isEqualTo("ada@example.org");
  }

  @Test
  void emailsSpreadOverBothShards() {
    long onShardOne =
        java.util.stream.IntStream.range(0, 1000)
            .filter(i -> EmailShards.shardOf("user" + i + "@example.org", 2) == 1)
            .count();

    assertThat(onShardOne).isBetween(400L, 600L);
  }

  private static final class SettableClock extends Clock {
    private final AtomicLong millis;

    SettableClock(AtomicLong millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
