package dev.tandem.gateway.balance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.curator.x.discovery.details.InstanceSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.cloud.zookeeper.discovery.ZookeeperServiceInstance;
import reactor.core.publisher.Flux;

/**
 * Every instance registered under the discovery root in ZooKeeper, held in memory and kept current
 * by a persistent recursive watch (Curator's {@link CuratorCache}). The request path only ever
 * reads this memory.
 *
 * <p>Spring Cloud ZooKeeper's discovery client reads ZooKeeper on every call, and the load
 * balancer's cache refreshes through it on the request path: with ZooKeeper's quorum gone, every
 * request through the gateway hung (issue 9). The registry is the control plane; losing it may
 * freeze changes, never serving. So while ZooKeeper is unreachable this view keeps the last
 * instances it saw (passive health still takes out one that fails), and when the connection comes
 * back Curator sets the watch again and re-reads the tree, dropping what went away meanwhile
 * (site-service re-registers on its new session by itself). While ZooKeeper is fine, a change
 * arrives with the watch event, within milliseconds: a removed instance leaves the choice on the
 * next request.
 */
final class WatchedInstances implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WatchedInstances.class);

  private final String root;
  private final InstanceSerializer<ZookeeperInstance> serializer;
  private final CuratorCache cache;
  private final KeptInstances byService;
  private final CountDownLatch loaded = new CountDownLatch(1);

  WatchedInstances(
      CuratorFramework zookeeper,
      String root,
      InstanceSerializer<ZookeeperInstance> serializer,
      Duration emptyListGrace) {
    this.root = root;
    this.serializer = serializer;
    this.byService = new KeptInstances(emptyListGrace);
    this.cache = CuratorCache.build(zookeeper, root);
    cache
        .listenable()
        .addListener(
            CuratorCacheListener.builder()
                .forAll((type, before, after) -> changed(after != null ? after : before))
                .forInitialized(loaded::countDown)
                .build());
  }

  /**
   * Sets the watch and waits, at most {@code firstLoad}, for the first full read, so that the
   * gateway does not answer its first requests with "no instance" while it is still reading. Runs
   * at start-up, never on a request.
   */
  void start(Duration firstLoad) throws InterruptedException {
    cache.start();
    if (!loaded.await(firstLoad.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn(
          "discovery: ZooKeeper did not answer the first read of {} within {}; routing to no"
              + " instance until it does",
          root,
          firstLoad);
    }
  }

  /**
   * The instances of {@code serviceId} as last seen in ZooKeeper, kept for a grace period when the
   * list goes empty ({@link KeptInstances}); never blocks.
   */
  List<ServiceInstance> of(String serviceId) {
    return byService.of(serviceId);
  }

  /** The load balancer's view of one service: this memory, read afresh on each request. */
  ServiceInstanceListSupplier supplierFor(String serviceId) {
    return new ServiceInstanceListSupplier() {
      @Override
      public String getServiceId() {
        return serviceId;
      }

      @Override
      public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(of(serviceId)));
      }
    };
  }

  @Override
  public void close() {
    cache.close();
  }

  /** Curator calls listeners on one thread, so the lists are rebuilt one change at a time. */
  private void changed(ChildData node) {
    String service = serviceOf(node.getPath());
    if (service == null) {
      return;
    }
    String servicePath = ZKPaths.makePath(root, service);
    List<ServiceInstance> instances =
        cache.stream()
            .filter(child -> servicePath.equals(ZKPaths.getPathAndNode(child.getPath()).getPath()))
            .map(child -> instance(service, child))
            .filter(Objects::nonNull)
            .toList();
    byService.listed(service, instances);
  }

  /** {@code <root>/<service>[/<instance id>]} to the service's name; null for the root itself. */
  private String serviceOf(String path) {
    if (path.length() <= root.length() + 1 || !path.startsWith(root + "/")) {
      return null;
    }
    String relative = path.substring(root.length() + 1);
    int slash = relative.indexOf('/');
    return slash < 0 ? relative : relative.substring(0, slash);
  }

  private ServiceInstance instance(String service, ChildData child) {
    byte[] data = child.getData();
    if (data == null || data.length == 0) {
      return null;
    }
    try {
      return new ZookeeperServiceInstance(service, serializer.deserialize(data));
    } catch (Exception e) {
      log.warn("discovery: ignoring {}, not a service instance: {}", child.getPath(), e.toString());
      return null;
    }
  }
}
