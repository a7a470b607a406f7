package dev.tandem.launcher.product.kafka;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * Kafka in KRaft mode: every node is broker and controller. {@code ha}'s three nodes replicate
 * every partition three times and acknowledge a write once two have it; {@code lite}'s one node
 * cannot, so the replication settings follow the node count.
 */
public final class Kafka implements Product {

  @Override
  public String component() {
    return "kafka";
  }

  static Map<String, String> variables(Context context, Instance instance) {
    List<Instance> nodes = context.topology().of("kafka");
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("node_id", Integer.toString(instance.ordinal()));
    int replication = Math.min(3, nodes.size());
    variables.put("replication_factor", Integer.toString(replication));
    variables.put("min_insync", Integer.toString(Math.max(1, replication - 1)));
    return variables;
  }

  @Override
  public List<String> endpoints(Context context) {
    return List.of(
        "TANDEM_KAFKA_BOOTSTRAP_SERVERS=" + Endpoints.of(context.topology(), component()));
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    return Product.renderAll(
        context,
        "kafka",
        List.of("server.properties", "log4j2.properties"),
        variables(context, instance),
        Map.of("voters", nodes(context)));
  }

  /** Every node of the component, each a voter of the controller quorum. */
  private static List<Map<String, String>> nodes(Context context) {
    return context.topology().of("kafka").stream()
        .map(n -> Map.of("ordinal", Integer.toString(n.ordinal()), "address", n.address()))
        .toList();
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Product.super.prepare(context, instance);
    Cluster cluster = context.cluster();
    Path conf = cluster.conf(instance);
    Path data = cluster.data(instance);
    if (Files.exists(data.resolve("meta.properties"))) {
      return;
    }
    Proc.check(
        List.of(
            cluster.middlewareJava() + "/bin/java",
            "-Xmx256m",
            "-Dlog4j2.configurationFile=" + conf.resolve("log4j2.properties"),
            "-cp",
            cluster.products().resolve("kafka/lib") + "/*",
            "kafka.tools.StorageTool",
            "format",
            "--ignore-formatted",
            "--cluster-id",
            clusterId(cluster),
            "--config",
            conf.resolve("server.properties").toString()),
        Duration.ofSeconds(120));
  }

  /** One id for the whole cluster, made once and kept with the data. */
  private static synchronized String clusterId(Cluster cluster) {
    Path file = cluster.data().resolve("kafka-cluster-id");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      String id = Uuid.randomUuid().toString();
      Files.createDirectories(file.getParent());
      Files.writeString(file, id + "\n");
      return id;
    } catch (IOException e) {
      throw new LauncherException(
          "cannot keep the Kafka cluster id in " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Path conf = cluster.conf(instance);
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .exec(
                instance.host(),
                cluster.middlewareJava() + "/bin/java",
                instance.heap().initialOption(),
                instance.heap().maxOption(),
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + conf.resolve("log4j2.properties"),
                "-cp",
                cluster.products().resolve("kafka/lib") + "/*",
                "kafka.Kafka",
                conf.resolve("server.properties").toString()),
        Map.of(),
        60);
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    Properties properties = new Properties();
    properties.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        instances.stream().map(Instance::endpoint).collect(Collectors.joining(",")));
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
    properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000);
    properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2000);
    try {
      for (Instance node : instances) {
        Wire.checkTarget(node.address());
      }
    } catch (IOException e) {
      instances.forEach(node -> probes.put(node.name(), Probe.down(e.getMessage())));
      return probes;
    }
    try (Admin admin = Admin.create(properties)) {
      Set<Integer> brokers =
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
              .map(Node::id)
              .collect(Collectors.toSet());
      QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
      for (Instance node : instances) {
        boolean registered = brokers.contains(node.ordinal());
        String role = quorum.leaderId() == node.ordinal() ? "controller" : "broker";
        probes.put(
            node.name(),
            new Probe(registered, registered ? role : null, registered ? "" : "not registered"));
      }
    } catch (Exception e) {
      String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      for (Instance node : instances) {
        probes.put(node.name(), Probe.down("metadata quorum: " + reason));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    long registered = probes.values().stream().filter(Probe::healthy).count();
    long controllers = probes.values().stream().filter(p -> "controller".equals(p.role())).count();
    if (registered == instances.size() && controllers == 1) {
      return Optional.empty();
    }
    return Optional.of(
        registered
            + " of "
            + instances.size()
            + " brokers registered, "
            + controllers
            + " active controller");
  }

  @Override
  public int stopWaitSeconds() {
    return 60;
  }
}
