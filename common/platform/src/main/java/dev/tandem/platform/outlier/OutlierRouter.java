package dev.tandem.platform.outlier;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.utils.Holder;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.cluster.router.RouterSnapshotNode;
import org.apache.dubbo.rpc.cluster.router.state.AbstractStateRouter;
import org.apache.dubbo.rpc.cluster.router.state.BitList;

/**
 * Leaves the addresses {@link Outliers} avoids out of each call's choice of provider. Dubbo routes
 * every call (and every failover retry) afresh, so an ejection applies to the next call. When every
 * provider is avoided, all of them are offered: never eject the last.
 */
final class OutlierRouter<T> extends AbstractStateRouter<T> {

  private final Outliers outliers;

  OutlierRouter(URL url, Outliers outliers) {
    super(url);
    this.outliers = outliers;
  }

  @Override
  protected BitList<Invoker<T>> doRoute(
      BitList<Invoker<T>> invokers,
      URL url,
      Invocation invocation,
      boolean needToPrintMessage,
      Holder<RouterSnapshotNode<T>> nodeHolder,
      Holder<String> messageHolder)
      throws RpcException {
    boolean anyAvoided = false;
    for (Invoker<T> invoker : invokers) {
      if (outliers.avoids(invoker.getUrl().getAddress())) {
        anyAvoided = true;
        break;
      }
    }
    if (!anyAvoided) {
      return invokers;
    }
    BitList<Invoker<T>> kept = invokers.clone();
    kept.removeIf(invoker -> outliers.avoids(invoker.getUrl().getAddress()));
    if (kept.isEmpty()) {
      if (needToPrintMessage) {
        messageHolder.set("every provider is avoided: all offered");
      }
      return invokers;
    }
    if (needToPrintMessage) {
      messageHolder.set("avoided unanswering providers");
    }
    return kept;
  }
}
