package dev.tandem.gateway.balance;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpStatus;

/**
 * Tells {@link FailingInstances} how each attempt ended. A failed exchange (refused, reset, timed
 * out) or a 503 (the instance is stopping or cannot reach its own dependencies) marks the instance;
 * any other answer clears its mark.
 */
final class FailureRecorder
    implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

  private final FailingInstances failing;

  FailureRecorder(FailingInstances failing) {
    this.failing = failing;
  }

  @Override
  public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
    return RequestDataContext.class.isAssignableFrom(requestContextClass)
        && ResponseData.class.isAssignableFrom(responseClass)
        && ServiceInstance.class.isAssignableFrom(serverTypeClass);
  }

  @Override
  public void onStart(Request<RequestDataContext> request) {}

  @Override
  public void onStartRequest(
      Request<RequestDataContext> request, Response<ServiceInstance> lbResponse) {}

  @Override
  public void onComplete(
      CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
    Response<ServiceInstance> chosen = completion.getLoadBalancerResponse();
    if (chosen == null || !chosen.hasServer()) {
      return;
    }
    ServiceInstance instance = chosen.getServer();
    switch (completion.status()) {
      case FAILED -> failing.failed(instance);
      case SUCCESS -> {
        ResponseData answer = completion.getClientResponse();
        if (answer != null
            && answer.getHttpStatus() != null
            && answer.getHttpStatus().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
          failing.failed(instance);
        } else {
          failing.answered(instance);
        }
      }
      case DISCARD -> {}
    }
  }
}
