package dev.tandem.promotion.expiry;

import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExpiryConfiguration {

  /** A client of our own: the election must not depend on how Dubbo uses its registry. */
  @Bean(initMethod = "start", destroyMethod = "close")
  CuratorFramework expiryZooKeeper(ExpirySettings settings) {
    return CuratorFrameworkFactory.builder()
        .connectString(settings.zookeeper())
        .sessionTimeoutMs(15_000)
        .connectionTimeoutMs(5_000)
        .retryPolicy(new ExponentialBackoffRetry(500, 5))
        .build();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  ExpiryLeadership expiryLeadership(
      CuratorFramework expiryZooKeeper,
      ExpirySettings settings,
      @Value("${spring.application.name}") String application) {
    return new ExpiryLeadership(
        expiryZooKeeper, settings.leaderPath(), application + "-" + UUID.randomUUID());
  }
}
