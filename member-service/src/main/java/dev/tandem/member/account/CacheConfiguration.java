package dev.tandem.member.account;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
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
   * For Redisson's own work: connecting, and asking the sentinels for the master. Off the callers'
   * path (MemberCache gives each of its commands the cache's short timeout and waits no longer), so
   * it may take longer: with 150 ms here, Sentinel PINGs timed out while connecting on a loaded
   * machine, and the client stayed unconnected for more than 20 s.
   */
  private static final int INFRASTRUCTURE_TIMEOUT_MS = 1_000;

  @Bean(destroyMethod = "shutdown")
  RedissonClient redisson(CacheSettings cache) {
    Config config = new Config();
    config.setLazyInitialization(true);
    config
        .useSentinelServers()
        .setMasterName(cache.masterName())
        .addSentinelAddress(
            cache.sentinels().stream().map(address -> "redis://" + address).toArray(String[]::new))
        // lite runs one sentinel; ha runs three. Redisson asks them for the master every
        // scanInterval (1 s by default) and moves its connections when they name another one, so
        // after a failover, and after a healed partition, it writes to the master they elected.
        .setCheckSentinelsList(false)
        .setPassword(cache.password().isEmpty() ? null : cache.password())
        .setSentinelPassword(cache.sentinelPassword().isEmpty() ? null : cache.sentinelPassword())
        // Replicas may still hold an entry the master just dropped: read where we invalidate.
        .setReadMode(ReadMode.MASTER)
        .setTimeout(INFRASTRUCTURE_TIMEOUT_MS)
        .setConnectTimeout(INFRASTRUCTURE_TIMEOUT_MS)
        // No retries: a call that fails (READONLY or NOREPLICAS from a demoted or cut-off master,
        // a timeout) is a miss at once, and the breaker keeps the next calls away from Redis.
        .setRetryAttempts(0);
    return Redisson.create(config);
  }

  @Bean
  RedisBreaker redisBreaker(CacheSettings cache) {
    return new RedisBreaker(cache.skipAfterFailure(), System::nanoTime);
  }
}
