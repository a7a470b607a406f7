package dev.tandem.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every product the launcher runs, by component name. */
final class Products {

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

  static Product of(String component) {
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
