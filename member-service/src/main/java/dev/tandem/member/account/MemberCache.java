package dev.tandem.member.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.Member;
import java.util.Optional;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Member profiles in Redis, as JSON under {@code member:{id}}. Redis is never the truth: a failing
 * Redis turns every call into a miss (logged), and the caller reads MySQL. Entries are dropped
 * after each change commits ({@link MemberChanged}) and expire after the configured TTL.
 */
@Component
public class MemberCache {

  private static final Logger log = LoggerFactory.getLogger(MemberCache.class);

  private final RedissonClient redisson;
  private final ObjectMapper json;
  private final CacheSettings settings;

  MemberCache(RedissonClient redisson, ObjectMapper json, CacheSettings settings) {
    this.redisson = redisson;
    this.json = json;
    this.settings = settings;
  }

  Optional<Member> get(long memberId) {
    try {
      String cached = bucket(memberId).get();
      return cached == null ? Optional.empty() : Optional.of(json.readValue(cached, Member.class));
    } catch (RuntimeException | JsonProcessingException e) {
      log.warn("member cache read of {} failed, reading MySQL: {}", memberId, e.toString());
      return Optional.empty();
    }
  }

  void put(Member member) {
    try {
      bucket(member.id()).set(json.writeValueAsString(member), settings.ttl());
    } catch (RuntimeException | JsonProcessingException e) {
      log.warn("member cache write of {} failed: {}", member.id(), e.toString());
    }
  }

  @TransactionalEventListener
  void evict(MemberChanged changed) {
    try {
      bucket(changed.memberId()).delete();
    } catch (RuntimeException e) {
      log.warn(
          "member cache eviction of {} failed: stale for up to {}",
          changed.memberId(),
          settings.ttl(),
          e);
    }
  }

  private RBucket<String> bucket(long memberId) {
    return redisson.getBucket("member:" + memberId, StringCodec.INSTANCE);
  }
}
