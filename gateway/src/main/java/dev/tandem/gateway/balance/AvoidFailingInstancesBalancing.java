package dev.tandem.gateway.balance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The load balancer's configuration for every service the gateway calls: the registry's instances
 * with the failing ones taken out last, so a mark counts on the very next request. With ZooKeeper
 * the instances come from {@link WatchedInstances} (memory kept by a watch: no registry call on a
 * request); otherwise from Spring Cloud's discovery client behind the load balancer's short cache
 * ({@code spring.cloud.loadbalancer.cache.ttl}). Not a {@code @Configuration}: Spring Cloud
 * instantiates it once per load-balanced service, in that service's own context.
 */
class AvoidFailingInstancesBalancing {

  @Bean
  @Primary
  ServiceInstanceListSupplier serviceInstanceListSupplier(
      ConfigurableApplicationContext context,
      FailingInstances failing,
      ObjectProvider<WatchedInstances> watched) {
    WatchedInstances zookeeper = watched.getIfAvailable();
    ServiceInstanceListSupplier registered =
        zookeeper != null
            ? zookeeper.supplierFor(LoadBalancerClientFactory.getName(context.getEnvironment()))
            : ServiceInstanceListSupplier.builder()
                .withDiscoveryClient()
                .withCaching()
                .build(context);
    return new AvoidFailingInstances(registered, failing);
  }
}
