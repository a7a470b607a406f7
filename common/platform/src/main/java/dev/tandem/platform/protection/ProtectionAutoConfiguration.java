package dev.tandem.platform.protection;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sentinel, for the services that have it: rules live from ZooKeeper, blocks counted in metrics.
 * The rules are each service's business; this only connects them to the config centre.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "com.alibaba.csp.sentinel.SphU")
@EnableConfigurationProperties(ProtectionSettings.class)
public class ProtectionAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnClass(name = "com.alibaba.csp.sentinel.datasource.zookeeper.ZookeeperDataSource")
  @ConditionalOnExpression("'${tandem.protection.rules.zookeeper:}' != ''")
  RuleSources sentinelRuleSources(ProtectionSettings settings) {
    return new RuleSources(settings.zookeeper(), settings.root(), settings.application());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Metrics {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    DisposableBean sentinelBlockedCounter(MeterRegistry registry) {
      BlockedCounter.register(registry);
      return BlockedCounter::unregister;
    }
  }
}
