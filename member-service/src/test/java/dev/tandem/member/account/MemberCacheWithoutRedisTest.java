package dev.tandem.member.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Redis is never the truth: with no Redis to reach, the cache misses instead of failing. */
class MemberCacheWithoutRedisTest {

  // Nothing listens on port 1: every connection is refused at once.
  private final CacheSettings settings =
      new CacheSettings(
          List.of("127.0.0.1:1"), "tandem", Duration.ofMinutes(5), Duration.ofMillis(300));
  private final RedissonClient redisson = new CacheConfiguration().redisson(settings);
  private final MemberCache cache = new MemberCache(redisson, new ObjectMapper(), settings);

  @AfterEach
  void shutdown() {
    redisson.shutdown();
  }

  @Test
  void startsWithoutRedisAndMissesOnEveryRead() {
    assertThat(cache.get(42L)).isEmpty();
  }

  @Test
  void writesAndEvictionsFailQuietly() {
    Member member = new Member(42L, "Ada", "ada@example.org", "+44 20 1234", MemberLevel.BASIC, 0);

    assertThatNoException().isThrownBy(() -> cache.put(member));
    assertThatNoException().isThrownBy(() -> cache.evict(new MemberChanged(42L)));
  }
}
