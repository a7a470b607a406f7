package dev.tandem.promotion.expiry;

import java.time.Duration;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExpiryConfiguration {

  /** How long ZooKeeper keeps a silent instance's latch node; see {@link ExpiryLeadership}. */
  static final Duration SESSION = Duration.ofSeconds(15);

  /** A client of our own: the election must not depend on how Dubbo uses its registry. */
  @Bean(initMethod = "start", destroyMethod = "close")
  CuratorFramework expiryZooKeeper(ExpirySettings settings) {
    return electionClient(settings.zookeeper(), SESSION);
  }

  /**
   * The election's ZooKeeper client. Its error policy is stated, not left to the default: with
   * Curator's standard policy a suspended connection already counts as lost leadership, which is
   * what keeps two leaders apart (see {@link ExpiryLeadership}); the other policy Curator offers
   * waits for the session to expire and would let the old leader run on while another takes over.
   */
  static CuratorFramework electionClient(String connectString, Duration session) {
    return CuratorFrameworkFactory.builder()
        .connectString(connectString)
        .sessionTimeoutMs((int) session.toMillis())
        .connectionTimeoutMs(5_000)
        .retryPolicy(new ExponentialBackoffRetry(500, 5))
        .connectionStateErrorPolicy(new StandardConnectionStateErrorPolicy())
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
