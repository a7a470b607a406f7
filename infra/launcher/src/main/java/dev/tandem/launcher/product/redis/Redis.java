package dev.tandem.launcher.product.redis;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Redis master and replicas. Which server is master is Sentinel's business once the cluster runs: a
 * server that starts again asks the sentinels (or, before they run, its peers) whom to follow, so
 * it always comes back as a replica of the current master, never as a second master.
 */
public final class Redis implements Product {

  public static final String MASTER_NAME = "tandem";

  /** The Debian package's user; the servers need no root. */
  static final String USER = "redis";

  @Override
  public String component() {
    return "redis";
  }

  @Override
  public List<String> endpoints(Context context) {
    return List.of(
        "TANDEM_REDIS_MASTER_NAME=" + MASTER_NAME,
        "TANDEM_REDIS_PASSWORD=" + Secrets.of(context.cluster()).redis());
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Map<String, String> variables = Product.commonVariables(context, instance);
    Instance master = master(context, facts);
    // With replicas, a master that hears from none of them stops taking writes (see redis.conf).
    boolean hasReplicas = context.topology().of("redis").size() > 1;
    variables.put("min_replicas_to_write", hasReplicas ? "1" : "0");
    variables.put("redis_password", Secrets.of(context.cluster()).redis());
    return Product.renderAll(
        context,
        "redis",
        List.of("redis.conf"),
        variables,
        Map.of(
            "masters",
            master.equals(instance)
                ? List.of()
                : List.of(
                    Map.of("address", master.address(), "port", Integer.toString(master.port())))));
  }

  /**
   * Redis and Sentinel rewrite their own config files, so they own their directories; the configs
   * carry the cluster's passwords, so nobody else may enter the directory.
   */
  static void prepareAsRedisUser(Context context, Instance instance, Product product) {
    Cluster cluster = context.cluster();
    Product.writeRootOnly(
        cluster.conf(instance), product.render(context, instance, Facts.observe()));
    for (Path dir :
        List.of(
            cluster.conf(instance),
            cluster.data(instance),
            cluster.run(instance),
            cluster.logDir(instance))) {
      Proc.check(List.of("mkdir", "-p", dir.toString()), java.time.Duration.ofSeconds(10));
      Proc.check(
          List.of("chown", "-R", USER + ":" + USER, dir.toString()),
          java.time.Duration.ofSeconds(10));
    }
  }

  static Supervisor.Program asRedisUser(
      Context context, Instance instance, String binary, String config) {
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .execAs(
                instance.host(),
                USER,
                binary,
                context.cluster().conf(instance).resolve(config).toString()),
        Map.of(),
        30);
  }

  @Override
  public void prepare(Context context, Instance instance) {
    prepareAsRedisUser(context, instance, this);
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    return asRedisUser(context, instance, "/usr/bin/redis-server", "redis.conf");
  }

  /**
   * The master as the sentinels see it; before they run, the server that says it is master; on a
   * cold start, the one recorded by the last {@code down}, else the first server.
   */
  /** The master the configs point at: observed once per render, the first server when fixed. */
  static Instance master(Context context, Facts facts) {
    return facts.get(
        "redis.master", () -> currentMaster(context), context.topology().of("redis").getFirst());
  }

  public static Instance currentMaster(Context context) {
    List<Instance> servers = context.topology().of("redis");
    for (Instance sentinel : context.topology().of("sentinel")) {
      try {
        Object answer =
            Wire.redis(
                sentinel.address(),
                sentinel.port(),
                Secrets.of(context.cluster()).sentinel(),
                "SENTINEL",
                "get-master-addr-by-name",
                MASTER_NAME);
        if (answer instanceof List<?> address && !address.isEmpty()) {
          Optional<Instance> known =
              servers.stream().filter(s -> s.address().equals(address.getFirst())).findFirst();
          if (known.isPresent()) {
            return known.get();
          }
        }
      } catch (IOException ignored) {
        // this sentinel is down or isolated; ask the next
      }
    }
    for (Instance server : servers) {
      try {
        if (Wire.redis(
                    server.address(), server.port(), Secrets.of(context.cluster()).redis(), "ROLE")
                instanceof List<?> role
            && "master".equals(role.getFirst())) {
          return server;
        }
      } catch (IOException ignored) {
        // not running; ask the next
      }
    }
    return recordedMaster(context).orElse(servers.getFirst());
  }

  private static Path masterRecord(Context context) {
    return context.cluster().data().resolve("redis-master");
  }

  private static Optional<Instance> recordedMaster(Context context) {
    try {
      Path file = masterRecord(context);
      return Files.exists(file)
          ? context.topology().instance(Files.readString(file).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Remembers the master across {@code down} and {@code up}: the others hold older data. */
  @Override
  public void beforeShutdown(Context context) {
    Map<String, Probe> probes = new Redis().probe(context, context.topology().of("redis"));
    probes.entrySet().stream()
        .filter(e -> "master".equals(e.getValue().role()))
        .findFirst()
        .ifPresent(
            e -> {
              try {
                Files.createDirectories(masterRecord(context).getParent());
                Files.writeString(masterRecord(context), e.getKey() + "\n");
              } catch (IOException ignored) {
                // without the record the next cold start picks the first server
              }
            });
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance server : instances) {
      try {
        List<?> role =
            (List<?>)
                Wire.redis(
                    server.address(), server.port(), Secrets.of(context.cluster()).redis(), "ROLE");
        if ("master".equals(role.getFirst())) {
          int replicas = ((List<?>) role.get(2)).size();
          probes.put(server.name(), new Probe(true, "master", replicas + " replicas"));
        } else {
          String link = String.valueOf(role.get(3));
          String master = role.get(1) + ":" + role.get(2);
          probes.put(
              server.name(),
              new Probe("connected".equals(link), "replica", "of " + master + " (" + link + ")"));
        }
      } catch (IOException | RuntimeException e) {
        probes.put(server.name(), Probe.down(e.getMessage()));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    long masters = probes.values().stream().filter(p -> "master".equals(p.role())).count();
    long linked =
        probes.values().stream().filter(p -> "replica".equals(p.role()) && p.healthy()).count();
    if (masters == 1 && linked == instances.size() - 1) {
      return Optional.empty();
    }
    return Optional.of(
        masters + " master, " + linked + " linked replicas of " + (instances.size() - 1));
  }
}
