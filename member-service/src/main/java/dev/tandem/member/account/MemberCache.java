package dev.tandem.member.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.Member;
import dev.tandem.platform.redis.RedisBreaker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Member profiles in Redis, as JSON under {@code member:{id}}. Redis is never the truth, and
 * waiting for it must never push a member read past its callers' budget: every Redis call waits at
 * most {@link CacheSettings#timeout()}, a failure or a late answer counts as a miss (the caller
 * reads MySQL), and the {@link RedisBreaker} then skips Redis altogether until a probe finds it
 * answering again. That keeps a Sentinel failover, or a master cut off from its clients, out of
 * member reads.
 *
 * <p>Entries are dropped after each change commits ({@link MemberChanged}) and expire after the
 * TTL. A drop that fails (Redis failing over at that moment) would leave the old profile in Redis
 * until the TTL: such members are remembered, not served from the cache, and the drop is retried
 * until Redis confirms it. Only this instance remembers them, see {@link #retryEvictions()}.
 */
@Component
public class MemberCache {

  private static final Logger log = LoggerFactory.getLogger(MemberCache.class);

  private static final Executor ISSUERS = Executors.newVirtualThreadPerTaskExecutor();

  /** Keys per DEL when retrying evictions, so that a long outage's backlog is not one command. */
  private static final int RETRY_BATCH = 500;

  private final RedissonClient redisson;
  private final ObjectMapper json;
  private final CacheSettings settings;
  private final RedisBreaker breaker;
  private final KeysOptions keysOptions;

  /**
   * Members whose cached entry may be stale because an eviction failed, each with the number of the
   * latest failed eviction: a delete only clears evictions numbered up to its own, so that a
   * failure that comes in while a retry runs is retried again.
   */
  private final ConcurrentMap<Long, Long> unevicted = new ConcurrentHashMap<>();

  private final AtomicLong evictions = new AtomicLong();

  MemberCache(
      RedissonClient redisson, ObjectMapper json, CacheSettings settings, RedisBreaker breaker) {
    this.redisson = redisson;
    this.json = json;
    this.settings = settings;
    this.breaker = breaker;
    this.keysOptions = KeysOptions.defaults().timeout(settings.timeout()).retryAttempts(0);
  }

  Optional<Member> get(long memberId) {
    if (unevicted.containsKey(memberId) || !breaker.allowsCall()) {
      return Optional.empty();
    }
    try {
      String cached = await(() -> bucket(memberId).getAsync());
      return cached == null ? Optional.empty() : Optional.of(json.readValue(cached, Member.class));
    } catch (RedisUnavailable e) {
      return Optional.empty();
    } catch (JsonProcessingException e) {
      log.warn("member cache entry of {} is unreadable, reading MySQL: {}", memberId, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Fills the cache after a miss. The reader waits for it (at most the timeout): a put still on its
   * way could land after the eviction of a change that commits right after this read, and leave
   * that member's old profile in Redis until the TTL.
   */
  void put(Member member) {
    if (unevicted.containsKey(member.id()) || !breaker.allowsCall()) {
      return;
    }
    String value;
    try {
      value = json.writeValueAsString(member);
    } catch (JsonProcessingException e) {
      log.warn("member {} cannot be cached: {}", member.id(), e.toString());
      return;
    }
    try {
      await(() -> bucket(member.id()).setAsync(value, settings.ttl()));
    } catch (RedisUnavailable e) {
      // a miss it stays; the breaker knows
    }
  }

  @TransactionalEventListener
  void evict(MemberChanged changed) {
    long memberId = changed.memberId();
    long eviction = evictions.incrementAndGet();
    if (breaker.allowsCall()) {
      try {
        await(() -> bucket(memberId).deleteAsync());
        confirmed(memberId, eviction);
        return;
      } catch (RedisUnavailable e) {
        log.warn("member cache eviction of {} failed, retrying once Redis answers", memberId);
      }
    }
    // Until Redis confirms a delete, the entry may be stale: this instance does not serve it.
    unevicted.merge(memberId, eviction, Math::max);
  }

  /**
   * Deletes the entries whose eviction failed, once Redis answers (this call is then the breaker's
   * probe, or Redis is known to answer). A member is served from the cache again only after its
   * delete succeeded. What this instance remembers dies with it: another instance may serve such an
   * entry until its TTL if this one is killed during a Redis outage.
   */
  @Scheduled(fixedDelayString = "${tandem.member.cache.retry-evictions-every}")
  void retryEvictions() {
    if (unevicted.isEmpty() || !breaker.allowsCall()) {
      return;
    }
    List<Map.Entry<Long, Long>> pending = List.copyOf(unevicted.entrySet());
    for (int from = 0; from < pending.size(); from += RETRY_BATCH) {
      List<Map.Entry<Long, Long>> batch =
          pending.subList(from, Math.min(from + RETRY_BATCH, pending.size()));
      try {
        String[] keys = batch.stream().map(e -> key(e.getKey())).toArray(String[]::new);
        await(() -> redisson.getKeys(keysOptions).deleteAsync(keys));
      } catch (RedisUnavailable e) {
        return;
      }
      batch.forEach(e -> confirmed(e.getKey(), e.getValue()));
    }
    log.info("member cache evictions retried and confirmed: {} members", pending.size());
  }

  /** A delete issued for eviction number {@code eviction} or later covers the earlier ones. */
  private void confirmed(long memberId, long eviction) {
    unevicted.computeIfPresent(memberId, (id, failed) -> failed <= eviction ? null : failed);
  }

  /** How many members are kept out of the cache because their eviction is not yet confirmed. */
  int unconfirmedEvictions() {
    return unevicted.size();
  }

  /** Waits for Redis at most the configured timeout; a failure or late answer opens the breaker. */
  private <T> T await(Supplier<RFuture<T>> command) {
    try {
      T value = issue(command).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      answered();
      return value;
    } catch (TimeoutException e) {
      failed(e);
      throw new RedisUnavailable();
    } catch (ExecutionException e) {
      failed(e.getCause());
      throw new RedisUnavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisUnavailable();
    }
  }

  /**
   * Issues the command on a thread of its own: Redisson connects lazily, on the thread that issues
   * the first command after start-up (or after a failed connect), and that thread waits for as long
   * as connecting takes. A command that is not answered in time completes on Redisson's own
   * timeout, which is the same.
   */
  private static <T> CompletableFuture<T> issue(Supplier<RFuture<T>> command) {
    return CompletableFuture.supplyAsync(command, ISSUERS).thenCompose(call -> call);
  }

  private void answered() {
    if (breaker.succeeded()) {
      log.info("Redis answers again: member cache back in use");
    }
  }

  private void failed(Throwable cause) {
    if (breaker.failed()) {
      log.warn(
          "Redis failed ({}): member reads skip the cache for {} ms at a time until it answers",
          describe(cause),
          settings.skipAfterFailure().toMillis());
    }
  }

  private String describe(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "no answer within " + settings.timeout().toMillis() + " ms";
    }
    String message = String.valueOf(cause.getMessage());
    int channel = message.indexOf(". channel:"); // Redisson appends the connection and command
    return cause.getClass().getSimpleName()
        + ": "
        + (channel > 0 ? message.substring(0, channel) : message);
  }

  private RBucket<String> bucket(long memberId) {
    return redisson.getBucket(
        PlainOptions.name(key(memberId))
            .codec(StringCodec.INSTANCE)
            .timeout(settings.timeout())
            .retryAttempts(0));
  }

  private static String key(long memberId) {
    return "member:" + memberId;
  }

  /** Redis did not answer in time or failed; the breaker knows already. */
  private static final class RedisUnavailable extends RuntimeException {
    RedisUnavailable() {
      super(null, null, false, false);
    }
  }
}
