package dev.tandem.launcher.product.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The guard beside each MySQL server of a replicated shard ({@code
 * dev.tandem.launcher.product.mysql.guard}): it holds the shard's leader key in ZooKeeper, fences
 * its server when it loses quorum, promotes it when the key comes to it, and makes a returning
 * server rejoin. keepalived moves the shard's VIP to wherever the guard says the writer is.
 */
public final class MySqlGuard implements Product {

  static final int PORT = 8008;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String component() {
    return "mysql-guard";
  }

  /** The MySQL server on the guard's host. */
  static Instance server(Context context, Instance guard) {
    return context.topology().onHost(guard.host()).stream()
        .filter(i -> i.component().equals("mysql"))
        .findFirst()
        .orElseThrow(() -> new LauncherException(guard.name() + " has no MySQL server beside it"));
  }

  /** The guard of a MySQL server, when its shard is replicated. */
  public static Optional<Instance> of(Context context, Instance server) {
    return context.topology().onHost(server.host()).stream()
        .filter(i -> i.component().equals("mysql-guard"))
        .findFirst();
  }

  static boolean running(Context context, Instance server) {
    return of(context, server)
        .map(guard -> context.supervisor().states().get(guard.name()))
        .map(Supervisor.State::running)
        .orElse(false);
  }

  /** The file the guard writes when its server diverged; it lives beside the server's data. */
  static Path divergedMarker(Cluster cluster, Instance server) {
    Path data = cluster.data(server);
    return data.resolveSibling(data.getFileName() + ".diverged");
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    Cluster cluster = context.cluster();
    Instance server = server(context, instance);
    Instance peerServer =
        Shards.servers(context.topology(), server.shard()).stream()
            .filter(s -> !s.equals(server))
            .findFirst()
            .orElseThrow();
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("server", server.name());
    variables.put("shard", Integer.toString(server.shard()));
    variables.put("mysql_port", Integer.toString(server.port()));
    variables.put("server_run", cluster.run(server).toString());
    variables.put("server_data", cluster.data(server).toString());
    variables.put("peer", peerServer.name());
    variables.put("peer_address", peerServer.address());
    variables.put("peer_guard", of(context, peerServer).map(Instance::name).orElse("none"));
    variables.put(
        "zookeeper",
        context.topology().of("zookeeper").stream()
            .map(Instance::endpoint)
            .collect(Collectors.joining(",")));
    MySql.users(variables);
    variables.put("admin_password", Secrets.of(context.cluster()).admin());
    variables.put("repl_password", Secrets.of(context.cluster()).repl());
    variables.put("supervisor_config", context.supervisor().config().toString());
    return Product.renderAll(context, "mysql", List.of("guard.properties"), variables);
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Product.writeRootOnly(cluster.conf(instance), render(context, instance, Facts.observe()));
    try {
      Files.setPosixFilePermissions(
          cluster.conf(instance).resolve("guard.properties"),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Files.createDirectories(cluster.run(instance));
      Path track = cluster.run(instance).resolve("writer");
      if (!Files.exists(track)) {
        // Until the guard has looked, this host must not take the VIP.
        Files.writeString(track, "1\n");
      }
      install(cluster);
    } catch (IOException e) {
      throw new LauncherException("cannot prepare " + instance.name() + ": " + e.getMessage(), e);
    }
  }

  private static Path installed(Cluster cluster) {
    return cluster.state.resolve("apps").resolve("mysql-guard");
  }

  /**
   * Guards run from a copy of the launcher's build, like the services: a rebuild while the cluster
   * runs never changes the classes under a running guard.
   */
  private static synchronized void install(Cluster cluster) throws IOException {
    Path target = cluster.root.resolve("infra/launcher/target");
    Path into = installed(cluster);
    Files.createDirectories(into);
    try (Stream<Path> old = Files.list(into)) {
      for (Path copy : old.toList()) {
        Path source =
            copy.getFileName().toString().startsWith("tandem-launcher")
                ? target.resolve(copy.getFileName())
                : target.resolve("lib").resolve(copy.getFileName());
        if (!Files.exists(source)) {
          Files.delete(copy);
        }
      }
    }
    try (Stream<Path> jars =
        Stream.concat(
            Files.list(target).filter(p -> p.toString().endsWith(".jar")),
            Files.list(target.resolve("lib")))) {
      for (Path jar : jars.toList()) {
        Path copy = into.resolve(jar.getFileName());
        if (Files.exists(copy)
            && Files.size(copy) == Files.size(jar)
            && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
          continue;
        }
        Files.copy(
            jar, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .exec(
                instance.host(),
                System.getProperty("java.home") + "/bin/java",
                instance.heap().initialOption(),
                instance.heap().maxOption(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss512k",
                "-cp",
                installed(cluster) + "/*",
                "dev.tandem.launcher.product.mysql.guard.GuardMain",
                cluster.conf(instance).resolve("guard.properties").toString()),
        Map.of(),
        10);
  }

  @Override
  public int stopWaitSeconds() {
    return 10;
  }

  /** The guard's own account: {@code leader} while it holds its shard's key. */
  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance guard : instances) {
      probes.put(guard.name(), probe(guard));
    }
    return probes;
  }

  static Probe probe(Instance guard) {
    try {
      Wire.Response response = Wire.get("http://" + guard.endpoint() + "/state");
      JsonNode state = JSON.readTree(response.body());
      return new Probe(
          true,
          state.path("keyMine").asBoolean() ? "leader" : "follower",
          state.path("role").asText() + ": " + state.path("reason").asText());
    } catch (IOException e) {
      // a refused connection comes without a message: name what happened instead of "null"
      return Probe.down(
          e.getMessage() == null
              ? "no answer (" + e.getClass().getSimpleName() + ")"
              : e.getMessage());
    }
  }

  /** Ready when every guard answers and each shard's writer's guard holds the key. */
  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    for (Instance guard : instances) {
      Probe probe = probes.get(guard.name());
      if (probe == null || !probe.healthy()) {
        return Optional.of(guard.name() + ": " + (probe == null ? "no answer" : probe.detail()));
      }
    }
    Map<Integer, Long> leaders =
        instances.stream()
            .filter(g -> "leader".equals(probes.get(g.name()).role()))
            .collect(Collectors.groupingBy(Instance::shard, Collectors.counting()));
    for (int shard : instances.stream().map(Instance::shard).distinct().toList()) {
      if (leaders.getOrDefault(shard, 0L) != 1) {
        return Optional.of(
            "shard " + shard + " has " + leaders.getOrDefault(shard, 0L) + " key holders");
      }
    }
    return Optional.empty();
  }
}
