package dev.tandem.gateway.balance;

import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.x.discovery.details.InstanceSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.zookeeper.discovery.ConditionalOnZookeeperDiscoveryEnabled;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryProperties;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With ZooKeeper as the registry (profile {@code registry-zookeeper}), the gateway balances over
 * {@link WatchedInstances}, an in-memory view kept by a watch, instead of asking ZooKeeper on the
 * request path. Not with Nacos ({@code registry-nacos} turns ZooKeeper off): Nacos' client already
 * serves from its own memory, pushed by the server, and falls back to it when the server is gone.
 *
 * <p>{@code tandem.gateway.empty-list-grace} (default 10 s, as long as a failed instance's mark) is
 * how long a service listed as empty keeps its last instances: see {@link KeptInstances}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnZookeeperDiscoveryEnabled
class WatchedDiscoveryConfiguration {

  /** Far above a healthy first read (milliseconds); start-up goes on without it, and logs so. */
  static final Duration FIRST_LOAD = Duration.ofSeconds(10);

  @Bean(destroyMethod = "close")
  WatchedInstances watchedInstances(
      CuratorFramework zookeeper,
      ZookeeperDiscoveryProperties discovery,
      InstanceSerializer<ZookeeperInstance> serializer,
      @Value("${tandem.gateway.empty-list-grace:10s}") Duration emptyListGrace)
      throws InterruptedException {
    WatchedInstances instances =
        new WatchedInstances(zookeeper, discovery.getRoot(), serializer, emptyListGrace);
    instances.start(FIRST_LOAD);
    return instances;
  }
}
