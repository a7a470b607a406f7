package dev.tandem.platform.outlier;

import dev.tandem.platform.deadline.DeadlineFilter;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.remoting.RemotingException;
import org.apache.dubbo.remoting.TimeoutException;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;

/**
 * Tells {@link Outliers} how each call to one provider ended: answered (a result, or any exception
 * the provider sent back) or unanswered (a timeout, a broken connection). A consumer filter, so it
 * sits below the cluster: it sees every attempt, retries included, each with its provider's
 * address.
 */
@Activate(group = CommonConstants.CONSUMER)
public class OutlierFilter implements Filter, Filter.Listener {

  private final Outliers outliers;

  public OutlierFilter() {
    this(Outliers.shared());
  }

  OutlierFilter(Outliers outliers) {
    this.outliers = outliers;
  }

  @Override
  public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
    String address = invoker.getUrl().getAddress();
    outliers.sending(address);
    try {
      return invoker.invoke(invocation);
    } catch (RuntimeException e) {
      ended(address, invocation, e);
      throw e;
    }
  }

  @Override
  public void onResponse(Result result, Invoker<?> invoker, Invocation invocation) {
    outliers.answered(invoker.getUrl().getAddress());
  }

  @Override
  public void onError(Throwable error, Invoker<?> invoker, Invocation invocation) {
    ended(invoker.getUrl().getAddress(), invocation, error);
  }

  private void ended(String address, Invocation invocation, Throwable error) {
    if (Boolean.TRUE.equals(invocation.get(DeadlineFilter.CAPPED)) && unanswered(error)) {
      // Timed out on the caller's shortened deadline: no verdict on the provider either way.
      return;
    }
    if (unanswered(error)) {
      outliers.unanswered(address);
    } else {
      outliers.answered(address);
    }
  }

  /** A timeout or a connection that failed, wherever Dubbo wrapped it. */
  static boolean unanswered(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RpcException rpc && (rpc.isTimeout() || rpc.isNetwork())) {
        return true;
      }
      // The remoting layer's own: TimeoutException is a RemotingException too.
      if (cause instanceof TimeoutException || cause instanceof RemotingException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
