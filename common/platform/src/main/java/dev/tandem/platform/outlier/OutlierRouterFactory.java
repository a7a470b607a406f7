package dev.tandem.platform.outlier;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.cluster.router.state.StateRouter;
import org.apache.dubbo.rpc.cluster.router.state.StateRouterFactory;

/**
 * Puts {@link OutlierRouter} in every reference's router chain. Ordered after Dubbo's tag router
 * (100): it narrows, and keeps non-empty, the choice that tag routing left, so an ejection never
 * moves a call across canary tags.
 */
@Activate(order = 200)
public class OutlierRouterFactory implements StateRouterFactory {

  @Override
  public <T> StateRouter<T> getRouter(Class<T> interfaceClass, URL url) {
    return new OutlierRouter<>(url, Outliers.shared());
  }
}
