package dev.tandem.member.account;

import dev.tandem.platform.redis.RedisBreaker;
import dev.tandem.platform.redis.SentinelRedisson;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redisson in Sentinel mode. Built here rather than from {@code spring.data.redis.*} because the
 * cache must not be a start-up dependency: with lazy initialization the service starts while Redis
 * is down, and every cache call fails fast into a MySQL read until Redis answers again.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

  /**
   * For Redisson's own work, off the callers' path: MemberCache gives each of its commands the
   * cache's short timeout and waits no longer.
   */
  private static final Duration INFRASTRUCTURE_TIMEOUT = Duration.ofSeconds(1);

  @Bean(destroyMethod = "shutdown")
  RedissonClient redisson(CacheSettings cache) {
    return SentinelRedisson.create(
        cache.masterName(),
        cache.sentinels(),
        cache.password(),
        cache.sentinelPassword(),
        INFRASTRUCTURE_TIMEOUT);
  }

  @Bean
  RedisBreaker redisBreaker(CacheSettings cache) {
    return new RedisBreaker(cache.skipAfterFailure(), System::nanoTime);
  }
}
