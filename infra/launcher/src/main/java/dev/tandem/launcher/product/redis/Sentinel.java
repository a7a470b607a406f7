package dev.tandem.launcher.product.redis;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Redis Sentinel. Sentinel rewrites its own config file as it learns, so the file is rendered fresh
 * before every start, pointing at the master of the moment.
 */
public final class Sentinel implements Product {

  @Override
  public String component() {
    return "sentinel";
  }

  @Override
  public List<String> endpoints(Context context) {
    return List.of(
        "TANDEM_REDIS_SENTINELS=" + Endpoints.of(context.topology(), component()),
        "TANDEM_REDIS_SENTINEL_PASSWORD=" + Secrets.of(context.cluster()).sentinel());
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Instance master = Redis.master(context, facts);
    int sentinels = context.topology().of("sentinel").size();
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("master_name", Redis.MASTER_NAME);
    variables.put("master_address", master.address());
    variables.put("master_port", Integer.toString(master.port()));
    variables.put("quorum", Integer.toString(sentinels / 2 + 1));
    // A fresh render must not give the sentinel a new identity: the others would count it twice.
    variables.put("sentinel_myid", sha1(instance.name()));
    Secrets secrets = Secrets.of(context.cluster());
    variables.put("redis_password", secrets.redis());
    variables.put("sentinel_password", secrets.sentinel());
    return Product.renderAll(context, "redis", List.of("sentinel.conf"), variables);
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Redis.prepareAsRedisUser(context, instance, this);
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    return Redis.asRedisUser(context, instance, "/usr/bin/redis-sentinel", "sentinel.conf");
  }

  private static String sha1(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-1")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance sentinel : instances) {
      try {
        List<?> fields =
            (List<?>)
                Wire.redis(
                    sentinel.address(),
                    sentinel.port(),
                    Secrets.of(context.cluster()).sentinel(),
                    "SENTINEL",
                    "master",
                    Redis.MASTER_NAME);
        Map<String, String> master = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          master.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
        }
        String flags = master.getOrDefault("flags", "");
        boolean healthy =
            flags.contains("master") && !flags.contains("s_down") && !flags.contains("o_down");
        probes.put(
            sentinel.name(),
            new Probe(
                healthy,
                "sentinel",
                "master "
                    + master.get("ip")
                    + ", "
                    + master.get("num-slaves")
                    + " replicas, "
                    + master.get("num-other-sentinels")
                    + " other sentinels"));
      } catch (IOException | RuntimeException e) {
        probes.put(sentinel.name(), Probe.down(e.getMessage()));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    int replicas = context.topology().of("redis").size() - 1;
    String expected = replicas + " replicas, " + (instances.size() - 1) + " other sentinels";
    long agreeing =
        probes.values().stream().filter(p -> p.healthy() && p.detail().endsWith(expected)).count();
    long masters =
        probes.values().stream()
            .filter(Probe::healthy)
            .map(p -> p.detail().split(",")[0])
            .distinct()
            .count();
    if (agreeing == instances.size() && masters == 1) {
      return Optional.empty();
    }
    return Optional.of(agreeing + " of " + instances.size() + " sentinels see the whole set");
  }
}
