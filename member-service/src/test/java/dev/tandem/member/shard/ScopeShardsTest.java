package dev.tandem.member.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.platform.idempotency.IdempotencyScope;
import java.time.Clock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScopeShardsTest {

  final MemberIds ids = new MemberIds(7, Clock.systemUTC());

  @Test
  void aRegistrationsKeyIsBoundOnTheShardTheMemberWillLiveOn() {
    IntStream.range(0, 50)
        .mapToObj(i -> "someone-" + i + "@example.org")
        .forEach(
            email ->
                assertThat(ScopeShards.homeOf(IdempotencyScope.ofEmail(email), 2))
                    .as(email)
                    .isEqualTo(EmailShards.shardOf(email, 2)));
  }

  @Test
  void aMemberActingForThemselvesBindsOnTheirOwnShard() {
    for (int shard = 0; shard < 2; shard++) {
      long member = ids.next(shard);

      assertThat(ScopeShards.homeOf(IdempotencyScope.ofCaller(Long.toString(member)), 2))
          .isEqualTo(shard);
    }
  }

  @Test
  void otherCallersHaveOneFixedHomeWhateverMemberTheyActFor() {
    // CRC32 of the scope, the same in every JVM and language: crc32("caller:admin") % 2 = 0
    assertThat(ScopeShards.homeOf(IdempotencyScope.ofCaller("admin"), 2)).isZero();
    assertThat(ScopeShards.homeOf(IdempotencyScope.UNSCOPED, 2)).isOne();
    assertThat(ScopeShards.homeOf(IdempotencyScope.ofCaller("ops@example.org"), 2)).isZero();
  }

  @Test
  void subjectsThatOnlyLookLikeMemberIdsAreHashedLikeAnyOther() {
    long onShard5 = ids.next(5);
    for (String subject :
        new String[] {Long.toString(onShard5), "0" + ids.next(1), "9".repeat(30)}) {
      IdempotencyScope scope = IdempotencyScope.ofCaller(subject);
      assertThat(ScopeShards.homeOf(scope, 2)).isBetween(0, 1);
      assertThat(ScopeShards.homeOf(scope, 2)).isEqualTo(ScopeShards.homeOf(scope, 2));
    }
  }
}
