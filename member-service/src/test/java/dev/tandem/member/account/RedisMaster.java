package dev.tandem.member.account;

import dev.tandem.platform.testing.TandemEnvironment;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * The cluster's Redis master as Sentinel names it, for tests that fault it the way a failover or a
 * partition does, and undo it. Only for short faults: the cluster's own services share it.
 */
public final class RedisMaster implements AutoCloseable {

  private final Jedis jedis;

  private RedisMaster(Jedis jedis) {
    this.jedis = jedis;
  }

  public static RedisMaster ofCluster() {
    String[] sentinel = TandemEnvironment.get("TANDEM_REDIS_SENTINELS").split(",")[0].split(":");
    try (Jedis sentinels =
        new Jedis(
            new HostAndPort(sentinel[0], Integer.parseInt(sentinel[1])),
            password("TANDEM_REDIS_SENTINEL_PASSWORD"))) {
      List<String> address =
          sentinels.sentinelGetMasterAddrByName(TandemEnvironment.get("TANDEM_REDIS_MASTER_NAME"));
      return new RedisMaster(
          new Jedis(
              new HostAndPort(address.get(0), Integer.parseInt(address.get(1))),
              password("TANDEM_REDIS_PASSWORD")));
    }
  }

  private static JedisClientConfig password(String variable) {
    return DefaultJedisClientConfig.builder().password(TandemEnvironment.get(variable)).build();
  }

  /** Redis answers nobody (its clients' commands wait) for {@code pause}. */
  public void stopAnswering(Duration pause) {
    jedis.clientPause(pause.toMillis(), ClientPauseMode.ALL);
  }

  /** Returns once Redis answers commands again. */
  public void awaitAnswering() {
    jedis.ping();
  }

  /**
   * Until the returned handle is closed, the master refuses writes with {@code NOREPLICAS}, as one
   * cut off from its replicas does: it asks for one more replica than it has. Reads still work.
   */
  public AutoCloseable refuseWrites() {
    String original = jedis.configGet("min-replicas-to-write").get("min-replicas-to-write");
    int replicas = connectedReplicas();
    jedis.configSet("min-replicas-to-write", String.valueOf(replicas + 1));
    return () -> jedis.configSet("min-replicas-to-write", original);
  }

  public String get(String key) {
    return jedis.get(key);
  }

  public void delete(String... keys) {
    jedis.del(keys);
  }

  private int connectedReplicas() {
    return jedis
        .info("replication")
        .lines()
        .filter(line -> line.startsWith("connected_slaves:"))
        .map(line -> Integer.parseInt(line.substring("connected_slaves:".length()).strip()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no connected_slaves in INFO replication"));
  }

  @Override
  public void close() {
    jedis.close();
  }
}
