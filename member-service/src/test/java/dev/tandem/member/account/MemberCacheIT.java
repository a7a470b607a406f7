package dev.tandem.member.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.platform.redis.RedisBreaker;
import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The cache against the cluster's real Redis ({@code ./tandem up lite}), reached through its
 * Sentinel, with the breaker's clock in the test's hands. The faults are made on the real master
 * and undone in {@code finally}: {@code CLIENT PAUSE} (Redis answers nobody for a second, as a hung
 * or cut-off master) and {@code min-replicas-to-write 1} on a master without replicas (it refuses
 * writes with {@code NOREPLICAS}, as a master cut off from its replicas does). The cluster's own
 * member-service reads MySQL meanwhile.
 */
class MemberCacheIT {

  private static final Duration BUDGET = Duration.ofMillis(700); // site-service's read attempt

  private final AtomicLong now = new AtomicLong();
  private final CacheSettings settings =
      new CacheSettings(
          Arrays.asList(TandemEnvironment.get("TANDEM_REDIS_SENTINELS").split(",")),
          TandemEnvironment.get("TANDEM_REDIS_MASTER_NAME"),
          TandemEnvironment.get("TANDEM_REDIS_PASSWORD"),
          TandemEnvironment.get("TANDEM_REDIS_SENTINEL_PASSWORD"),
          Duration.ofMinutes(5),
          Duration.ofMillis(150),
          Duration.ofSeconds(1),
          Duration.ofMillis(250));
  private final RedisBreaker breaker = new RedisBreaker(settings.skipAfterFailure(), now::get);
  private final RedissonClient redisson = new CacheConfiguration().redisson(settings);
  private final MemberCache cache =
      new MemberCache(redisson, new ObjectMapper(), settings, breaker);

  private final Member ada = member("Ada", 0);
  private final Member grace = member("Grace", 0);
  private final RedisMaster master = RedisMaster.ofCluster();

  @AfterEach
  void cleanUp() {
    master.delete(key(ada), key(grace));
    master.close();
    redisson.shutdown();
  }

  @Test
  void aReadWaitsForRedisAtMostTheTimeoutThenSkipsItUntilAProbeFindsItAnswering() {
    fill(ada);

    master.stopAnswering(Duration.ofSeconds(1));
    long first = System.nanoTime();
    assertThat(cache.get(ada.id())).as("Redis does not answer: a miss").isEmpty();
    Duration firstRead = Duration.ofNanos(System.nanoTime() - first);
    long second = System.nanoTime();
    assertThat(cache.get(ada.id())).isEmpty();
    Duration secondRead = Duration.ofNanos(System.nanoTime() - second);

    assertThat(firstRead).isLessThan(BUDGET);
    // Asking the paused Redis would take the whole 150 ms timeout: the breaker skipped it.
    assertThat(secondRead).isLessThan(settings.timeout().dividedBy(2));
    master.awaitAnswering();
    assertThat(cache.get(ada.id())).as("before the breaker's pause is over").isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              now.addAndGet(settings.skipAfterFailure().toNanos());
              assertThat(cache.get(ada.id())).as("a probe reads Redis again").contains(ada);
            });
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void anEvictionRefusedByRedisKeepsTheMemberOutOfTheCacheUntilARetryDeletesIt() throws Exception {
    fill(ada);
    fill(grace);
    try (AutoCloseable refusing = master.refuseWrites()) {
      cache.evict(new MemberChanged(ada.id()));

      assertThat(cache.unconfirmedEvictions()).isOne();
      assertThat(master.get(key(ada))).as("the stale entry is still in Redis").isNotNull();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                now.addAndGet(settings.skipAfterFailure().toNanos());
                assertThat(cache.get(grace.id())).as("reads work again (a probe)").contains(grace);
              });
      assertThat(cache.get(ada.id())).as("but the stale entry is not served").isEmpty();
      cache.retryEvictions();
      assertThat(cache.unconfirmedEvictions()).as("Redis still refuses writes").isOne();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              now.addAndGet(settings.skipAfterFailure().toNanos());
              cache.retryEvictions();
              assertThat(cache.unconfirmedEvictions()).isZero();
            });

    assertThat(master.get(key(ada))).as("deleted by the retry").isNull();
    fill(member(ada.id(), "Ada", 1_200));
  }

  /**
   * Puts the member, as a reader does after a miss, until it can be read back. The first calls of a
   * fresh client may time out while it connects: each attempt lets the breaker probe again.
   */
  private void fill(Member member) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              now.addAndGet(settings.skipAfterFailure().toNanos());
              cache.put(member);
              assertThat(cache.get(member.id())).contains(member);
            });
  }

  private static Member member(String name, int points) {
    return member(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), name, points);
  }

  private static Member member(long id, String name, int points) {
    return new Member(
        id,
        name,
        name.toLowerCase() + "@cache.tandem.test",
        "+44 20 1234",
        points >= 1_000 ? MemberLevel.SILVER : MemberLevel.BASIC,
        points);
  }

  private static String key(Member member) {
    return "member:" + member.id();
  }
}
