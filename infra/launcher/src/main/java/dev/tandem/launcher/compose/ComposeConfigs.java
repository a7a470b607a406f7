package dev.tandem.launcher.compose;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Tokens;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.Products;
import dev.tandem.launcher.product.mysql.MySql;
import dev.tandem.launcher.product.service.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configs of the docker-compose cluster ({@code docker-compose.yml}), rendered by the same
 * products from the same templates as the native cluster's. Every container has its native host's
 * address on the compose network, so a config reads as it does natively; a profile's state
 * directory ({@code .tandem/compose/PROFILE/}) appears in the containers as {@value #MOUNT}, and
 * rendered paths say so. Data, logs and run files live in the containers (tmpfs): a compose cluster
 * starts fresh.
 *
 * <p>Files are grouped by native host ({@code hosts/HOST/NAME/}): a container mounts its host's
 * folder at {@code /tandem/conf}, so the programs that share a native host (a MySQL server, its
 * guard and its keepalived) find each other's files where they do natively, and a container sees no
 * other host's secrets. Each profile has its own folder, because the same container (say
 * zookeeper-1) runs with other settings in {@code ha} than in {@code lite}.
 */
public final class ComposeConfigs {

  /** Where containers see the state directory. */
  static final String MOUNT = "/tandem";

  /** The user the service images run as: it must read the cluster's token keys. */
  static final int SERVICE_UID = 10001;

  /** The entry point's port on the host (nginx's port 80 published). */
  /**
   * The Nacos servers' secrets, in the profile's {@code conf/nacos/}: docker-compose.yml reads it.
   */
  static final String NACOS_ENV = "nacos.env";

  static final String HTTP_PORT_VARIABLE = "TANDEM_HTTP_PORT";

  static final int DEFAULT_HTTP_PORT = 8080;

  /**
   * The components compose runs. Every other component of the topology must be in {@link
   * #NATIVE_ONLY} with the reason compose leaves it out (ComposeFileTest holds the two to the
   * topology), so a new product is put in compose or left out on purpose, never by omission.
   */
  static final List<String> RENDERED =
      List.of(
          "zookeeper",
          "kafka",
          "redis",
          "sentinel",
          "elasticsearch",
          "mysql",
          "mysql-guard",
          "keepalived",
          "nginx",
          "gateway",
          "site-service",
          "member-service",
          "promotion-service");

  /** The components only {@code ./tandem} runs, each with the reason compose does not. */
  static final Map<String, String> NATIVE_ONLY =
      Map.of(
          "redis-exporter",
          "metrics for a Prometheus that compose does not run; compose has no exporter image yet");

  private final Context context;

  public ComposeConfigs(Path root, String profile) {
    this(root, profile, root.resolve(".tandem/compose").resolve(profile));
  }

  /**
   * @param state where the files go; docker-compose.yml mounts {@code .tandem/compose/PROFILE}
   */
  public ComposeConfigs(Path root, String profile, Path state) {
    Topology topology =
        Topology.load(root.resolve("infra/topology.yml"), profile, Optional.empty());
    Cluster cluster = new Cluster(root, Cluster.DEFAULT_NAME, topology, state);
    this.context = Products.context(cluster);
  }

  Context context() {
    return context;
  }

  /** The instances compose runs, as named in docker-compose.yml. */
  public List<Instance> instances() {
    return context.topology().instances().stream()
        .filter(instance -> RENDERED.contains(instance.component()))
        .toList();
  }

  public Path state() {
    return context.cluster().state;
  }

  /** A native host's folder: its container mounts it at {@code /tandem/conf}. */
  Path host(Topology.Host host) {
    return state().resolve("hosts").resolve(host.name());
  }

  /**
   * Renders every instance's files into {@code .tandem/compose/PROFILE/hosts/HOST/NAME/}; returns
   * the count of instances.
   */
  public int render() {
    Cluster cluster = context.cluster();
    new Tokens(cluster, Clock.systemUTC()).ensure();
    Product.Facts facts = Product.Facts.fixed(Map.of());
    deleteTree(state().resolve("hosts")); // a host that left the topology leaves no files
    int count = 0;
    for (Instance instance : context.topology().instances()) {
      if (!RENDERED.contains(instance.component())) {
        continue;
      }
      Product product = context.product(instance.component());
      Map<String, String> files = new LinkedHashMap<>();
      if (product instanceof Service service) {
        files.put("service.env", envFile(service.environment(context, instance)));
      } else {
        product.render(context, instance, facts).forEach((k, v) -> files.put(k, inContainer(v)));
      }
      Path conf = host(instance.host()).resolve(instance.name());
      Product.write(conf, files);
      List<String> scripts = SCRIPTS.getOrDefault(instance.component(), List.of());
      if (!scripts.isEmpty()) {
        String folder = instance.component().equals("mysql") ? "mysql" : "keepalived";
        Product.installScripts(context, folder, scripts, conf);
      }
      count++;
    }
    MySqlHosts mysqlHosts = new MySqlHosts(this);
    for (Topology.Host host : mysqlHosts.withGuards()) {
      Product.write(host(host), Map.of("supervisord.conf", mysqlHosts.supervisord(host)));
    }
    // A MySQL container is ready for the services when every shard's writer answers (ha: at the
    // shard's VIP, once the guards have chosen it), so services never start against half of them.
    StringBuilder writers = new StringBuilder();
    for (int shard = 0; shard < MySql.physicalShards(context.topology()); shard++) {
      writers.append(MySql.writeEndpoint(context.topology(), shard).replace(':', ' ')).append('\n');
    }
    for (Instance server : context.topology().of("mysql")) {
      Product.write(host(server.host()), Map.of("ready", writers.toString()));
    }
    readableByServices(Tokens.keyDirectory(cluster));
    NacosSecrets.ensure(cluster.state.resolve("conf/nacos"));
    return count;
  }

  /** The scripts a component's config names beside itself (natively installed by prepare). */
  private static final Map<String, List<String>> SCRIPTS =
      Map.of(
          "mysql", List.of("mysql-check.sh", "mysql-notify.sh"),
          "keepalived", List.of("keepalived-run.sh", "keepalived-notify.sh"));

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new LauncherException("cannot clear " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The endpoints for tests, as {@code ./tandem env} prints them: middleware at the containers'
   * addresses (reachable where the compose network is, e.g. in the container engine's namespace),
   * the entry point through nginx's published port.
   */
  public List<String> env() {
    String port =
        Optional.ofNullable(System.getenv(HTTP_PORT_VARIABLE))
            .orElse(Integer.toString(DEFAULT_HTTP_PORT));
    List<String> lines = new ArrayList<>();
    for (String line : Endpoints.of(context).lines()) {
      lines.add(line.startsWith("TANDEM_URL=") ? "TANDEM_URL=http://127.0.0.1:" + port : line);
    }
    lines.add("TANDEM_RUNTIME=compose");
    return lines;
  }

  /** A rendered text with the state directory's paths as the containers see them. */
  String inContainer(String text) {
    return text.replace(state().toAbsolutePath().toString(), MOUNT);
  }

  private String envFile(Map<String, String> environment) {
    StringBuilder out = new StringBuilder("# rendered by ./tandem compose render; do not edit\n");
    environment.forEach((k, v) -> out.append(k).append('=').append(inContainer(v)).append('\n'));
    return out.toString();
  }

  /** The services run as {@link #SERVICE_UID}, not root: hand them the cluster's keys. */
  private static void readableByServices(Path keys) {
    try (Stream<Path> files = Files.walk(keys)) {
      for (Path file : files.toList()) {
        Files.setAttribute(file, "unix:uid", SERVICE_UID);
        Files.setPosixFilePermissions(
            file,
            PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
      }
    } catch (IOException e) {
      throw new LauncherException("cannot hand " + keys + " to the services: " + e.getMessage(), e);
    }
  }
}
