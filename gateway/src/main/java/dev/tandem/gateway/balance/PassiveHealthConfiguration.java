package dev.tandem.gateway.balance;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Passive health for the instances the gateway balances over: see {@link FailingInstances}. The
 * mark lasts {@code tandem.gateway.failed-instance-mark} (default 10 s), longer than discovery
 * needs to drop a killed instance (the ZooKeeper session timeout, 6 s).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = AvoidFailingInstancesBalancing.class)
class PassiveHealthConfiguration {

  @Bean
  FailingInstances failingInstances(
      @Value("${tandem.gateway.failed-instance-mark:10s}") Duration mark) {
    return new FailingInstances(mark);
  }

  @Bean
  FailureRecorder failureRecorder(FailingInstances failing) {
    return new FailureRecorder(failing);
  }
}
