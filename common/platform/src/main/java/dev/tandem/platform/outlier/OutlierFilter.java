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
import org.apache.dubbo.rpc.support.RpcUtils;

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

  /**
   * The most a probe waits. A probe is a user's call: to a provider that is still hung it costs its
   * whole timeout (700 ms to 2 s) before the retry elsewhere, and two consumers probing in the same
   * second made the provider-hang drill see two slow requests in it. A provider that has recovered
   * answers in tens of milliseconds (p99 under 200 ms on a loaded 2-core machine), so a failed
   * probe now costs the user at most this plus the retry.
   */
  static final int PROBE_TIMEOUT_MS = 300;

  /** Set on the call that probes an address on probation. */
  static final String PROBE = "tandem.outlier.probe";

  /** The timeout attachment the probe replaced (none: absent). */
  static final String BEFORE_PROBE = "tandem.outlier.before-probe";

  @Override
  public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
    String address = invoker.getUrl().getAddress();
    if (outliers.sending(address)) {
      probeBriefly(invoker, invocation);
    } else if (Boolean.TRUE.equals(invocation.get(PROBE))) {
      // the retry of a failed probe, elsewhere: with its own timeout again
      unprobe(invoker, invocation);
    }
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

  /**
   * Caps the probe's timeout (the attachment Dubbo prefers to the configured one, which {@link
   * DeadlineFilter} may have set already).
   */
  static void probeBriefly(Invoker<?> invoker, Invocation invocation) {
    Object set = invocation.getObjectAttachment(CommonConstants.TIMEOUT_KEY);
    long current =
        set instanceof Number number ? number.longValue() : configuredTimeout(invoker, invocation);
    int timeout = (int) Math.min(current, PROBE_TIMEOUT_MS);
    invocation.put(BEFORE_PROBE, set);
    invocation.setObjectAttachment(CommonConstants.TIMEOUT_KEY, timeout);
    invocation.setObjectAttachment(CommonConstants.TIMEOUT_ATTACHMENT_KEY, timeout);
    invocation.put(PROBE, Boolean.TRUE);
  }

  /**
   * The cluster retries with the same invocation: put back the timeout the probe replaced (absent:
   * the method's configured one), unless {@link DeadlineFilter} has set this attempt's already.
   */
  static void unprobe(Invoker<?> invoker, Invocation invocation) {
    invocation.put(PROBE, Boolean.FALSE);
    Object current = invocation.getObjectAttachment(CommonConstants.TIMEOUT_KEY);
    if (current instanceof Number number && number.intValue() <= PROBE_TIMEOUT_MS) {
      Object before = invocation.get(BEFORE_PROBE);
      Object timeout = before != null ? before : configuredTimeout(invoker, invocation);
      invocation.setObjectAttachment(CommonConstants.TIMEOUT_KEY, timeout);
      invocation.setObjectAttachment(CommonConstants.TIMEOUT_ATTACHMENT_KEY, timeout);
    }
  }

  private static int configuredTimeout(Invoker<?> invoker, Invocation invocation) {
    return invoker
        .getUrl()
        .getMethodPositiveParameter(
            RpcUtils.getMethodName(invocation),
            CommonConstants.TIMEOUT_KEY,
            CommonConstants.DEFAULT_TIMEOUT);
  }

  private void ended(String address, Invocation invocation, Throwable error) {
    boolean probe = Boolean.TRUE.equals(invocation.get(PROBE));
    if (!probe && Boolean.TRUE.equals(invocation.get(DeadlineFilter.CAPPED)) && unanswered(error)) {
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
