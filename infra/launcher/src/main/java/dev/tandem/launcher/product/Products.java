package dev.tandem.launcher.product;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.product.elasticsearch.Elasticsearch;
import dev.tandem.launcher.product.kafka.Kafka;
import dev.tandem.launcher.product.keepalived.Keepalived;
import dev.tandem.launcher.product.mysql.MySql;
import dev.tandem.launcher.product.mysql.MySqlGuard;
import dev.tandem.launcher.product.nginx.Nginx;
import dev.tandem.launcher.product.redis.Redis;
import dev.tandem.launcher.product.redis.Sentinel;
import dev.tandem.launcher.product.service.Service;
import dev.tandem.launcher.product.zookeeper.ZooKeeper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every product the launcher runs, by component name. */
public final class Products {

  private static final Map<String, Product> ALL = new LinkedHashMap<>();

  static {
    for (Product product :
        List.of(
            new ZooKeeper(),
            new Kafka(),
            new Redis(),
            new Sentinel(),
            new Elasticsearch(),
            new MySql(),
            new MySqlGuard(),
            new Nginx(),
            new Keepalived(),
            new Service("member-service"),
            new Service("promotion-service"),
            new Service("site-service"),
            new Service("gateway"))) {
      ALL.put(product.component(), product);
    }
  }

  private Products() {}

  public static Product of(String component) {
    Product product = ALL.get(component);
    if (product == null) {
      throw new LauncherException(
          "topology names component '" + component + "', which the launcher does not know");
    }
    return product;
  }

  static Map<String, Product> all() {
    return ALL;
  }
}
