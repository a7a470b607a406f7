package dev.tandem.platform.redis;

import java.time.Duration;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * The cluster's Redis as every Tandem service uses it: through its Sentinels, on the master only,
 * connecting lazily and never retrying. A service that uses Redis on a request's path (member
 * reads, the gateway's risk limits) gives each command a short timeout of its own and skips Redis
 * for a moment after a failure; this client only has to follow the master.
 */
public final class SentinelRedisson {

  private SentinelRedisson() {}

  /**
   * @param sentinels {@code host:port} of each Sentinel (lite runs one, ha three)
   * @param password the servers' password; empty: none
   * @param sentinelPassword the Sentinels' own password; empty: none
   * @param infrastructureTimeout for Redisson's own work (connecting, asking the Sentinels for the
   *     master), off the callers' path. Not too short: with 150 ms, Sentinel PINGs timed out while
   *     connecting on a loaded machine, and the client stayed unconnected for more than 20 s.
   */
  public static RedissonClient create(
      String masterName,
      List<String> sentinels,
      String password,
      String sentinelPassword,
      Duration infrastructureTimeout) {
    int timeout = (int) infrastructureTimeout.toMillis();
    Config config = new Config();
    // The service starts and serves while Redis is down.
    config.setLazyInitialization(true);
    config
        .useSentinelServers()
        .setMasterName(masterName)
        .addSentinelAddress(
            sentinels.stream().map(address -> "redis://" + address).toArray(String[]::new))
        // Redisson asks the Sentinels for the master every scanInterval (1 s by default) and
        // moves its connections when they name another one, so after a failover, and after a
        // healed partition, it writes to the master they elected.
        .setCheckSentinelsList(false)
        .setPassword(password.isEmpty() ? null : password)
        .setSentinelPassword(sentinelPassword.isEmpty() ? null : sentinelPassword)
        // Replicas may lag the master: read where we write and invalidate.
        .setReadMode(ReadMode.MASTER)
        .setTimeout(timeout)
        .setConnectTimeout(timeout)
        // No retries: a retry would come after the caller stopped waiting. A call that fails
        // (READONLY or NOREPLICAS from a demoted or cut-off master, a timeout) fails at once, and
        // the caller's breaker keeps the next calls away from Redis for a moment.
        .setRetryAttempts(0);
    return Redisson.create(config);
  }
}
