package dev.tandem.launcher.product.mysql;

import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the services' data lives: the logical shards they use, the physical shards (groups of
 * servers) of the topology that hold them, and the endpoints of each. In {@code lite} one server
 * holds every schema.
 */
final class Shards {

  private Shards() {}

  static String database(int shard) {
    return "tandem_" + shard;
  }

  /** The servers of one physical shard (in lite: the one server holding every schema). */
  static List<Instance> servers(Topology topology, int physicalShard) {
    return topology.of("mysql").stream().filter(i -> i.shard() == physicalShard).toList();
  }

  static int physicalShards(Topology topology) {
    return (int) topology.of("mysql").stream().map(Instance::shard).distinct().count();
  }

  /** Where writes to a logical shard go: its VIP in ha, its server in lite. */
  static String writeEndpoint(Topology topology, int shard) {
    int physical = shard % physicalShards(topology);
    return topology
        .vip("mysql", physical)
        .map(v -> v.address() + ":" + MySql.PORT)
        .orElseGet(() -> servers(topology, physical).getFirst().endpoint());
  }

  /** Where reads that may lag go: the replica in ha (the VIP holder takes over if it is gone). */
  static String readEndpoint(Topology topology, int shard) {
    List<Instance> servers = servers(topology, shard % physicalShards(topology));
    return servers.getLast().endpoint();
  }

  /** The databases a server holds: its logical shards', and promotion-service's on shard 0. */
  static List<String> databasesOn(Topology topology, Instance server) {
    int physical = physicalShards(topology);
    List<String> databases = new ArrayList<>();
    for (int shard = 0; shard < MySql.SHARDS; shard++) {
      if (shard % physical == server.shard()) {
        databases.add(database(shard));
      }
    }
    if (server.shard() == 0) {
      databases.add(MySql.PROMOTION_DATABASE);
    }
    return databases;
  }
}
