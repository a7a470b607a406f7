package dev.tandem.gateway.balance;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/** Discovery's (cached) instance list without the instances that just failed. */
final class AvoidFailingInstances extends DelegatingServiceInstanceListSupplier {

  private final FailingInstances failing;

  AvoidFailingInstances(ServiceInstanceListSupplier delegate, FailingInstances failing) {
    super(delegate);
    this.failing = failing;
  }

  @Override
  public Flux<List<ServiceInstance>> get() {
    return getDelegate().get().map(failing::choosable);
  }

  @Override
  public Flux<List<ServiceInstance>> get(Request request) {
    return getDelegate().get(request).map(failing::choosable);
  }
}
