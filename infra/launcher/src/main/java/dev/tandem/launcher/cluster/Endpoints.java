package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.mysql.MySql;
import dev.tandem.launcher.product.redis.Redis;
import dev.tandem.launcher.product.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cluster's endpoints as {@code KEY=value} lines: what integration tests, drills and services
 * read. In {@code ha} the entry point and each MySQL shard are VIPs; in {@code lite} they are the
 * single hosts, and both shards' schemas live on the one server.
 */
public record Endpoints(Context context) {

  public static Endpoints of(Context context) {
    return new Endpoints(context);
  }

  public String url() {
    Topology topology = context.topology();
    String address =
        topology
            .vip("lb", null)
            .map(Topology.Vip::address)
            .orElseGet(() -> topology.of("nginx").getFirst().address());
    return "http://" + address;
  }

  public List<String> lines() {
    Topology topology = context.topology();
    List<String> lines = new ArrayList<>();
    lines.add("TANDEM_CLUSTER=" + context.cluster().name);
    lines.add("TANDEM_PROFILE=" + topology.profile());
    lines.add("TANDEM_URL=" + url());
    // Where each service answers /actuator (health, info, metrics): its own address, this port.
    // Never the service port, so nothing routed from the entry URL can reach an actuator.
    lines.add("TANDEM_MANAGEMENT_PORT=" + Service.MANAGEMENT_PORT);
    // The machine's own address on the cluster subnet: what a process running outside the hosts
    // (a test) registers in Dubbo, never the machine's LAN address.
    lines.add("TANDEM_MACHINE_ADDRESS=" + context.network().machineAddress());
    // How many gateways share risk control's limits: each enforces its share alone while Redis
    // cannot decide (dev.tandem.gateway.risk.LocalCounters).
    lines.add("TANDEM_GATEWAY_INSTANCES=" + topology.of("gateway").size());
    lines.add("TANDEM_ZOOKEEPER=" + endpoints("zookeeper"));
    lines.add("TANDEM_KAFKA_BOOTSTRAP_SERVERS=" + endpoints("kafka"));
    lines.add("TANDEM_REDIS_SENTINELS=" + endpoints("sentinel"));
    lines.add("TANDEM_REDIS_MASTER_NAME=" + Redis.MASTER_NAME);
    Secrets secrets = Secrets.of(context.cluster());
    lines.add("TANDEM_REDIS_PASSWORD=" + secrets.redis());
    lines.add("TANDEM_REDIS_SENTINEL_PASSWORD=" + secrets.sentinel());
    lines.add(
        "TANDEM_ELASTICSEARCH_URIS="
            + topology.of("elasticsearch").stream()
                .map(i -> "http://" + i.endpoint())
                .collect(Collectors.joining(",")));
    lines.add("TANDEM_MYSQL_USER=" + MySql.APP_USER);
    lines.add("TANDEM_MYSQL_PASSWORD=" + secrets.app());
    lines.add("TANDEM_MYSQL_MIGRATION_USER=" + secrets.migrationUser());
    lines.add("TANDEM_MYSQL_MIGRATION_PASSWORD=" + secrets.migrationPassword());
    for (int shard = 0; shard < MySql.SHARDS; shard++) {
      lines.add("TANDEM_MYSQL_SHARD_" + shard + "=" + MySql.writeEndpoint(topology, shard));
      lines.add("TANDEM_MYSQL_SHARD_" + shard + "_REPLICA=" + MySql.readEndpoint(topology, shard));
      lines.add("TANDEM_MYSQL_SHARD_" + shard + "_DATABASE=" + MySql.database(shard));
    }
    lines.add("TANDEM_MYSQL_PROMOTION=" + MySql.writeEndpoint(topology, 0));
    lines.add("TANDEM_MYSQL_PROMOTION_DATABASE=" + MySql.PROMOTION_DATABASE);
    // Access tokens: the keys that sign and verify them (private halves: root only), and what
    // every token of this cluster says it is from and for.
    lines.add("TANDEM_JWT_KEYS=" + Tokens.keyDirectory(context.cluster()));
    lines.add("TANDEM_JWT_ISSUER=" + Tokens.issuer(context.cluster()));
    lines.add("TANDEM_JWT_AUDIENCE=" + Tokens.AUDIENCE);
    return lines;
  }

  private String endpoints(String component) {
    return context.topology().of(component).stream()
        .map(Instance::endpoint)
        .collect(Collectors.joining(","));
  }
}
