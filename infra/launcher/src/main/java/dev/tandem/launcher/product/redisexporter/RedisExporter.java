package dev.tandem.launcher.product.redisexporter;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus' Redis exporter (Debian's {@code prometheus-redis-exporter}) beside each Redis server,
 * serving that server's metrics at {@code http://HOST:PORT/metrics}. It scrapes the program its
 * host is named for (the host's first), so it knows no other product. The password reaches it in a
 * file only its user can read ({@code -redis.password-file}, a JSON map from address to password),
 * never on its command line, where {@code ps} would show it to everyone.
 */
public final class RedisExporter implements Product {

  /** The Debian package's user, as in its own systemd unit. */
  static final String USER = "prometheus";

  static final String PASSWORD_FILE = "password.json";

  @Override
  public String component() {
    return "redis-exporter";
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Instance redis = scraped(context, instance);
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("redis_address", redis.address());
    variables.put("redis_port", Integer.toString(redis.port()));
    variables.put("redis_password", Secrets.of(context.cluster()).redis());
    return Product.renderAll(context, "redis-exporter", List.of(PASSWORD_FILE), variables);
  }

  /** The password file is closed to all but the exporter's user. */
  @Override
  public void prepare(Context context, Instance instance) {
    String conf = context.cluster().conf(instance).toString();
    Product.writeRootOnly(
        context.cluster().conf(instance), render(context, instance, Facts.observe()));
    Proc.check(List.of("chown", "-R", USER + ":" + USER, conf), Duration.ofSeconds(10));
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Instance redis = scraped(context, instance);
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .execAs(
                instance.host(),
                USER,
                "/usr/bin/prometheus-redis-exporter",
                "-redis.addr=redis://" + redis.address() + ":" + redis.port(),
                "-redis.password-file=" + cluster.conf(instance).resolve(PASSWORD_FILE),
                "-web.listen-address=" + instance.address() + ":" + instance.port()),
        Map.of(),
        10);
  }

  /** Healthy when /metrics answers and says the exporter reaches its Redis ({@code redis_up 1}). */
  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance exporter : instances) {
      try {
        Wire.Response response = Wire.get("http://" + exporter.endpoint() + "/metrics");
        if (response.statusCode() != 200) {
          probes.put(exporter.name(), Probe.down("HTTP " + response.statusCode()));
          continue;
        }
        boolean up = response.body().lines().anyMatch(line -> line.equals("redis_up 1"));
        probes.put(
            exporter.name(),
            new Probe(up, "exporter", up ? "" : "redis_up is not 1: its Redis does not answer"));
      } catch (IOException e) {
        probes.put(exporter.name(), Probe.down(String.valueOf(e.getMessage())));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    return Product.allHealthy(instances, probes, "report redis_up 1");
  }

  @Override
  public int stopWaitSeconds() {
    return 10;
  }

  /** The program the exporter's host is named for: the first on the host, which is not itself. */
  static Instance scraped(Context context, Instance exporter) {
    Instance first = context.topology().onHost(exporter.host()).getFirst();
    if (first.equals(exporter)) {
      throw new LauncherException(
          exporter.name()
              + " must come after the Redis server it scrapes in its group's programs"
              + " (infra/topology.yml)");
    }
    return first;
  }
}
