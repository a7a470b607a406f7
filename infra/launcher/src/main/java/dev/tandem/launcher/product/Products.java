package dev.tandem.launcher.product;

import dev.tandem.launcher.cluster.Catalogue;
import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Network;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.product.elasticsearch.Elasticsearch;
import dev.tandem.launcher.product.kafka.Kafka;
import dev.tandem.launcher.product.keepalived.Keepalived;
import dev.tandem.launcher.product.mysql.MySql;
import dev.tandem.launcher.product.mysql.MySqlGuard;
import dev.tandem.launcher.product.nginx.Nginx;
import dev.tandem.launcher.product.redis.Redis;
import dev.tandem.launcher.product.redis.Sentinel;
import dev.tandem.launcher.product.redisexporter.RedisExporter;
import dev.tandem.launcher.product.service.Service;
import dev.tandem.launcher.product.zookeeper.ZooKeeper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every product the launcher can run, by the name a topology program gives it: the one place that
 * knows them all. A product that runs several components (the services) gets each one's name.
 */
public final class Products implements Catalogue {

  public static final Products ALL = new Products();

  private static final Map<String, Function<String, Product>> BY_NAME =
      Map.ofEntries(
          single(new ZooKeeper()),
          single(new Kafka()),
          single(new Redis()),
          single(new Sentinel()),
          single(new RedisExporter()),
          single(new Elasticsearch()),
          single(new MySql()),
          single(new MySqlGuard()),
          single(new Nginx()),
          single(new Keepalived()),
          Map.entry("service", Service::new));

  private final Map<String, Product> made = new ConcurrentHashMap<>();

  private Products() {}

  /** The context through which every command acts on the cluster. */
  public static Context context(Cluster cluster) {
    return new Context(cluster, new Network(cluster), new Supervisor(cluster), ALL);
  }

  @Override
  public Product product(String product, String component) {
    Function<String, Product> make = BY_NAME.get(product);
    if (make == null) {
      throw new LauncherException(
          "topology names product '"
              + product
              + "' for "
              + component
              + ", which the launcher does not have (its products: "
              + new java.util.TreeSet<>(BY_NAME.keySet())
              + ")");
    }
    return made.computeIfAbsent(product + "/" + component, key -> make.apply(component));
  }

  private static Map.Entry<String, Function<String, Product>> single(Product product) {
    return Map.entry(product.component(), component -> product);
  }
}
