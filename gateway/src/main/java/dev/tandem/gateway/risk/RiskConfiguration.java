package dev.tandem.gateway.risk;

import dev.tandem.platform.redis.RedisBreaker;
import dev.tandem.platform.redis.SentinelRedisson;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Risk control: the block list from ZooKeeper and the shared limits in Redis. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RiskSettings.class)
class RiskConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RiskConfiguration.class);

  /**
   * For Redisson's own work (connecting, asking the sentinels for the master), off the requests'
   * path: each decision waits at most {@code tandem.risk.redis.timeout} whatever this says.
   */
  private static final Duration INFRASTRUCTURE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Connecting lazily: the gateway starts and serves while Redis is down, and decisions fail open
   * until it answers (see {@link SharedCounters}).
   */
  @Bean(destroyMethod = "shutdown")
  RedissonClient riskRedis(RiskSettings settings) {
    RiskSettings.Redis redis = settings.redis();
    return SentinelRedisson.create(
        redis.masterName(),
        redis.sentinels(),
        redis.password(),
        redis.sentinelPassword(),
        INFRASTRUCTURE_TIMEOUT);
  }

  @Bean
  SharedCounters sharedCounters(
      RedissonClient riskRedis, RiskSettings settings, MeterRegistry meters) {
    return new SharedCounters(
        riskRedis,
        settings.redis().timeout(),
        new RedisBreaker(settings.redis().skipAfterFailure(), System::nanoTime),
        new LocalCounters(settings.instances(), System::nanoTime),
        meters);
  }

  /**
   * From the registry's ZooKeeper (Spring Cloud ZooKeeper's client). With Nacos as the registry
   * there is no ZooKeeper: nobody is blocked, and the log says so.
   */
  @Bean(destroyMethod = "close")
  BlockList blockList(ObjectProvider<CuratorFramework> zookeeper, RiskSettings settings) {
    CuratorFramework client = zookeeper.getIfAvailable();
    if (client == null) {
      log.warn("no ZooKeeper client: the block list at {} is not read", settings.blockList());
      return new BlockList();
    }
    return new BlockList(client, settings.blockList());
  }

  @Bean
  RiskControl riskControl(
      BlockList blockList, RiskSettings settings, SharedCounters counters, MeterRegistry meters) {
    return new RiskControl(blockList, new RiskRules(settings), counters, new Refusals(meters));
  }
}
