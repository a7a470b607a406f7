package dev.tandem.launcher.product.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Formation;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Elasticsearch from the integ-test distribution (see FINDINGS.md for what it lacks). It refuses to
 * run as root, so each node runs as the unprivileged user {@code tandem} with its own config
 * directory; {@code ha}'s three nodes elect a master and keep one replica of every shard.
 */
public final class Elasticsearch implements Product {

  static final String USER = "tandem";
  static final String VERSION = "8.19.21";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String component() {
    return "elasticsearch";
  }

  private static Path home(Cluster cluster) {
    return cluster.products().resolve("elasticsearch/elasticsearch-" + VERSION);
  }

  static Map<String, String> variables(Context context, Instance instance) {
    List<Instance> nodes = context.topology().of("elasticsearch");
    Map<String, String> variables = Product.commonVariables(context, instance);
    variables.put("es_cluster_name", context.cluster().name);
    variables.put(
        "es_transport_host",
        nodes.size() == 1 ? instance.address() : NodeHost.transportAddress(instance));
    return variables;
  }

  /**
   * The nodes, and which of elasticsearch.yml's discovery blocks apply: lite's one node runs alone;
   * ha's find each other, and bootstrap the cluster only on their very first start (later it would
   * ask a formed cluster to bootstrap again).
   */
  private static Map<String, List<Map<String, String>>> lists(Context context, Instance instance) {
    List<Instance> nodes = context.topology().of("elasticsearch");
    boolean alone = nodes.size() == 1;
    boolean firstStart = !Files.exists(context.cluster().data(instance).resolve("_state"));
    List<Map<String, String>> one = List.of(Map.of());
    return Map.of(
        "nodes",
        nodes.stream()
            .map(n -> Map.of("name", n.name(), "transport_address", NodeHost.transportAddress(n)))
            .toList(),
        "single_node",
        alone ? one : List.of(),
        "seeded",
        alone ? List.of() : one,
        "bootstrapping",
        !alone && firstStart ? one : List.of());
  }

  @Override
  public List<String> endpoints(Context context) {
    return List.of(
        "TANDEM_ELASTICSEARCH_URIS="
            + context.topology().of(component()).stream()
                .map(node -> "http://" + node.endpoint())
                .collect(Collectors.joining(",")));
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    return Product.renderAll(
        context,
        "elasticsearch",
        List.of("elasticsearch.yml", "jvm.options", "log4j2.properties"),
        variables(context, instance),
        lists(context, instance));
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    NodeHost.ensureUser();
    Path conf = cluster.conf(instance);
    Product.write(conf, render(context, instance, Facts.observe()));
    if (context.topology().of(component()).size() > 1 && NodeHost.loopbackTransport()) {
      NodeHost.addLoopbackTwin(context, instance);
    }
    Path tmp = cluster.run(instance).resolve("tmp");
    for (Path dir :
        List.of(
            conf, cluster.data(instance), cluster.logDir(instance), cluster.run(instance), tmp)) {
      Proc.check(List.of("mkdir", "-p", dir.toString()), Duration.ofSeconds(10));
      Proc.check(List.of("chown", "-R", USER + ":" + USER, dir.toString()), Duration.ofSeconds(30));
    }
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    return new Supervisor.Program(
        instance.name(),
        context
            .network()
            .execAs(instance.host(), USER, home(cluster).resolve("bin/elasticsearch").toString()),
        Map.of(
            "ES_PATH_CONF", cluster.conf(instance).toString(),
            "ES_JAVA_HOME", cluster.middlewareJava(),
            "ES_TMPDIR", cluster.run(instance).resolve("tmp").toString(),
            // the launcher JVM's own temp files go to the instance too, not to /tmp
            "CLI_JAVA_OPTS",
                "-Djava.io.tmpdir=" + cluster.run(instance).resolve("tmp") + " -XX:-UsePerfData",
            "HOME", cluster.run(instance).toString()),
        60);
  }

  @Override
  public int stopWaitSeconds() {
    return 60;
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    String master = null;
    Set<String> members = new HashSet<>();
    for (Instance node : instances) {
      try {
        Wire.Response nodes = Wire.get(url(node) + "/_cat/nodes?format=json&h=name");
        Wire.Response elected = Wire.get(url(node) + "/_cat/master?format=json");
        if (nodes.statusCode() == 200 && elected.statusCode() == 200) {
          JSON.readTree(nodes.body()).forEach(n -> members.add(n.path("name").asText()));
          JsonNode masters = JSON.readTree(elected.body());
          if (masters.size() > 0 && master == null) {
            master = masters.get(0).path("node").asText();
          }
          probes.put(node.name(), new Probe(true, null, ""));
        } else {
          probes.put(
              node.name(), Probe.down("HTTP " + nodes.statusCode() + " / " + elected.statusCode()));
        }
      } catch (IOException e) {
        probes.put(node.name(), Probe.down(e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    }
    for (Instance node : instances) {
      Probe probe = probes.get(node.name());
      if (probe.healthy()) {
        boolean joined = members.contains(node.name()) && master != null;
        probes.put(
            node.name(),
            new Probe(
                joined,
                node.name().equals(master) ? "master" : "node",
                joined ? "" : "not in the cluster"));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    for (Instance node : instances) {
      if (probes.containsKey(node.name()) && probes.get(node.name()).healthy()) {
        try {
          JsonNode health = JSON.readTree(Wire.get(url(node) + "/_cluster/health").body());
          String status = health.path("status").asText();
          int count = health.path("number_of_nodes").asInt();
          if ("green".equals(status) && count == instances.size()) {
            return Optional.empty();
          }
          return Optional.of(count + " of " + instances.size() + " nodes, " + status);
        } catch (IOException e) {
          // ask the next node
        }
      }
    }
    return Optional.of("no node answers yet");
  }

  /**
   * In {@code up}, before any service creates an index: every index gets a replica where a second
   * node can hold it. A returning node finds the template in the cluster's state.
   */
  @Override
  public void form(Formation formation) {
    if (formation.wholeCluster()) {
      applyIndexDefaults(formation.context());
    }
  }

  /**
   * Makes every new index keep one replica when there is a second node to hold it (ha), and none on
   * lite's single node, where a replica could never be assigned and the cluster would stay yellow.
   * Services' own index templates take precedence (higher priority).
   */
  private static void applyIndexDefaults(Context context) {
    List<Instance> nodes = context.topology().of("elasticsearch");
    String template =
        """
        {"index_patterns": ["*"], "priority": 0,
         "template": {"settings": {"index.auto_expand_replicas": "0-1"}},
         "_meta": {"description": "Tandem default: one replica per shard when a second node can hold it"}}
        """;
    for (Instance node : nodes) {
      try {
        Wire.Response response = Wire.put(url(node) + "/_index_template/tandem-defaults", template);
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // try the next node
      }
    }
    throw new LauncherException(
        "could not install the default index template on any Elasticsearch node");
  }

  private static String url(Instance node) {
    return "http://" + node.endpoint();
  }
}
