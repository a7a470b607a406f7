package dev.tandem.member.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.platform.redis.RedisBreaker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Redis is never the truth: with no Redis to reach, the cache misses instead of failing. */
class MemberCacheWithoutRedisTest {

  /** How long site-service waits for one attempt of a member read. */
  private static final Duration BUDGET = Duration.ofMillis(700);

  // Nothing listens on port 1: every connection is refused at once.
  private final CacheSettings settings = settings("127.0.0.1:1");
  private final RedisBreaker breaker = new RedisBreaker(settings.skipAfterFailure(), () -> 0L);
  private final RedissonClient redisson = new CacheConfiguration().redisson(settings);
  private final MemberCache cache =
      new MemberCache(redisson, new ObjectMapper(), settings, breaker);

  @AfterEach
  void shutdown() {
    redisson.shutdown();
  }

  @Test
  void startsWithoutRedisAndMissesOnEveryRead() {
    assertThat(cache.get(42L)).isEmpty();
    assertThat(breaker.isOpen()).as("the failure opened the breaker").isTrue();
    assertThat(cache.get(42L)).isEmpty();
  }

  @Test
  void writesAndEvictionsFailQuietly() {
    Member member = new Member(42L, "Ada", "ada@example.org", "+44 20 1234", MemberLevel.BASIC, 0);

    assertThatNoException().isThrownBy(() -> cache.put(member));
    assertThatNoException().isThrownBy(() -> cache.evict(new MemberChanged(42L)));
  }

  @Test
  void aFirstReadWaitsNoLongerThanTheTimeoutWhenSentinelAcceptsButNeverAnswers() throws Exception {
    // A hung Sentinel (or one cut off after the handshake): connections open, nothing answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CacheSettings hung = settings("127.0.0.1:" + silent.getLocalPort());
      RedissonClient client = new CacheConfiguration().redisson(hung);
      try {
        MemberCache silentCache =
            new MemberCache(
                client,
                new ObjectMapper(),
                hung,
                new RedisBreaker(hung.skipAfterFailure(), () -> 0L));

        long start = System.nanoTime();
        assertThat(silentCache.get(42L)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void anEvictionThatFailedIsRememberedUntilRedisConfirmsIt() {
    cache.evict(new MemberChanged(42L));
    cache.evict(new MemberChanged(43L));
    cache.evict(new MemberChanged(42L));

    cache.retryEvictions();

    assertThat(cache.unconfirmedEvictions()).isEqualTo(2);
  }

  private static CacheSettings settings(String sentinel) {
    return new CacheSettings(
        List.of(sentinel),
        "tandem",
        "",
        "",
        Duration.ofMinutes(5),
        Duration.ofMillis(150),
        Duration.ofSeconds(1),
        Duration.ofMillis(250));
  }
}
