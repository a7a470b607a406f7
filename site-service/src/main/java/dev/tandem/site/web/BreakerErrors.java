package dev.tandem.site.web;

import com.alibaba.csp.sentinel.Tracer;
import org.apache.dubbo.rpc.RpcException;
import org.springframework.stereotype.Component;

/**
 * What the circuit breakers count as a provider's error: a call that got no answer or an answer the
 * provider's API does not name (its database failing). Not an answer the API names (a member that
 * does not exist, a coupon already claimed), not the caller's invalid input, and not a block: those
 * are the provider working, and counting them would open a breaker on a healthy method. Sentinel's
 * filter traces every exception of the call by default.
 */
@Component
class BreakerErrors {

  BreakerErrors() {
    Tracer.setExceptionPredicate(BreakerErrors::countsAgainstProvider);
  }

  static boolean countsAgainstProvider(Throwable error) {
    if (error instanceof RpcException rpc) {
      return !rpc.isBiz();
    }
    if (error instanceof IllegalArgumentException) {
      return false;
    }
    String where = error.getClass().getPackageName();
    if (where.startsWith("dev.tandem.") && where.endsWith(".api")) {
      return false;
    }
    return !ProviderCalls.isBlock(error);
  }
}
