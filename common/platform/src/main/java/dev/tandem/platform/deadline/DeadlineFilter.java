package dev.tandem.platform.deadline;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.TimeoutCountDown;
import org.apache.dubbo.rpc.support.RpcUtils;

/**
 * Caps each Dubbo attempt at the time its caller still waits. A consumer filter runs once per
 * attempt (the failover cluster calls the filter chain of each provider it tries), so a retry gets
 * only what the first attempt left, and no attempt starts once the time is up.
 *
 * <p>"The time the caller still waits" is the shorter of:
 *
 * <ul>
 *   <li>the {@link Deadline} of the HTTP request this thread serves (site-service);
 *   <li>the time left of the Dubbo call this thread serves, when it is itself a provider calling
 *       another one (promotion-service asking member-service during {@code eligibleFor}). Dubbo's
 *       {@code ContextFilter} turns the {@code _TO} attachment a consumer sends into a {@link
 *       TimeoutCountDown} in the server attachment; this filter reads it.
 * </ul>
 *
 * <p>The attempt's timeout becomes {@code min(configured, remaining)}, set as the invocation's
 * {@code timeout} attachment, which Dubbo's {@code RpcUtils.calculateTimeout} prefers to the
 * configured value; it is also sent on as {@code _TO}, so that the provider knows how long its
 * caller waits. Dubbo's own countdown ({@code enable-timeout-countdown}) is not used: on the next
 * hop it replaces the configured timeout with the whole remaining time instead of capping it, so a
 * hung provider would eat the time a retry elsewhere needs.
 *
 * <p>A provider does not stop working when its caller gives up (Dubbo 3.3.5 only logs "invoke timed
 * out" afterwards); what this saves is the calls it would have made onwards, and the retries.
 */
@Activate(group = CommonConstants.CONSUMER, order = DeadlineFilter.ORDER)
public class DeadlineFilter implements Filter {

  /**
   * Before the outlier filter ({@code dev.tandem.platform.outlier}): a call refused here for want
   * of time never reached a provider, and must not count against one.
   */
  static final int ORDER = -100;

  /**
   * Set on an attempt whose timeout the caller's deadline shortened: if it times out, the caller's
   * patience ran out, which says nothing about the provider.
   */
  public static final String CAPPED = "tandem.deadline.capped";

  @Override
  public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
    OptionalLong remaining = remainingMillis();
    if (remaining.isEmpty()) {
      return invoker.invoke(invocation);
    }
    long left = remaining.getAsLong();
    if (left <= 0) {
      throw new RpcException(
          RpcException.TIMEOUT_EXCEPTION,
          "no time left to call "
              + invocation.getServiceName()
              + "."
              + RpcUtils.getMethodName(invocation)
              + ": the caller has given up");
    }
    long configured =
        invoker
            .getUrl()
            .getMethodPositiveParameter(
                RpcUtils.getMethodName(invocation),
                CommonConstants.TIMEOUT_KEY,
                CommonConstants.DEFAULT_TIMEOUT);
    int timeout = (int) Math.min(configured, left);
    if (timeout < configured) {
      invocation.put(CAPPED, Boolean.TRUE);
    }
    invocation.setObjectAttachment(CommonConstants.TIMEOUT_KEY, timeout);
    invocation.setObjectAttachment(CommonConstants.TIMEOUT_ATTACHMENT_KEY, timeout);
    return invoker.invoke(invocation);
  }

  static OptionalLong remainingMillis() {
    OptionalLong request =
        Deadline.current()
            .map(d -> OptionalLong.of(d.remainingMillis()))
            .orElse(OptionalLong.empty());
    Object served =
        RpcContext.getServerAttachment().getObjectAttachment(CommonConstants.TIME_COUNTDOWN_KEY);
    if (served instanceof TimeoutCountDown countDown) {
      long left = Math.max(0, countDown.timeRemaining(TimeUnit.MILLISECONDS));
      return OptionalLong.of(request.isPresent() ? Math.min(left, request.getAsLong()) : left);
    }
    return request;
  }
}
