package dev.tandem.gateway.balance;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The load balancer's configuration for every service the gateway calls: Spring Cloud's default
 * (discovery, behind a short cache) with the failing instances taken out after the cache, so a mark
 * counts on the very next request. Not a {@code @Configuration}: Spring Cloud instantiates it once
 * per load-balanced service, in that service's own context.
 */
class AvoidFailingInstancesBalancing {

  @Bean
  @Primary
  ServiceInstanceListSupplier serviceInstanceListSupplier(
      ConfigurableApplicationContext context, FailingInstances failing) {
    ServiceInstanceListSupplier discovered =
        ServiceInstanceListSupplier.builder().withDiscoveryClient().withCaching().build(context);
    return new AvoidFailingInstances(discovered, failing);
  }
}
