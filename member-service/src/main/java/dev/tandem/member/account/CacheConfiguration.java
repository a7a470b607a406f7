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

  @Bean(destroyMethod = "shutdown")
  RedissonClient redisson(CacheSettings cache) {
    Config config = new Config();
    config.setLazyInitialization(true);
    config
        .useSentinelServers()
        .setMasterName(cache.masterName())
        .addSentinelAddress(
            cache.sentinels().stream().map(address -> "redis://" + address).toArray(String[]::new))
        // lite runs one sentinel; ha runs three, and Redisson follows whichever master they elect.
        .setCheckSentinelsList(false)
        // Replicas may still hold an entry the master just dropped: read where we invalidate.
        .setReadMode(ReadMode.MASTER)
        .setTimeout((int) cache.timeout().toMillis())
        .setConnectTimeout((int) cache.timeout().toMillis())
        .setRetryAttempts(1);
    return Redisson.create(config);
  }
}
