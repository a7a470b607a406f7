package dev.tandem.launcher;

import dev.tandem.launcher.Topology.Instance;
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
 * address on the compose network, so a config reads as it does natively; the state directory
 * ({@code .tandem/compose/}) appears in the containers as {@value #MOUNT}, and rendered paths say
 * so. Data, logs and run files live in the containers (tmpfs): a compose cluster starts fresh.
 */
final class ComposeConfigs {

  /** Where containers see the state directory. */
  static final String MOUNT = "/tandem";

  /** The user the service images run as: it must read the cluster's token keys. */
  static final int SERVICE_UID = 10001;

  /** The entry point's port on the host (nginx's port 80 published). */
  static final String HTTP_PORT_VARIABLE = "TANDEM_HTTP_PORT";

  static final int DEFAULT_HTTP_PORT = 8080;

  /** The components compose runs (no keepalived or mysql-guard: one of each, no VIPs, in lite). */
  static final List<String> RENDERED =
      List.of(
          "zookeeper",
          "kafka",
          "redis",
          "sentinel",
          "elasticsearch",
          "mysql",
          "nginx",
          "gateway",
          "site-service",
          "member-service",
          "promotion-service");

  private final Context context;

  ComposeConfigs(Path root, String profile) {
    this(root, profile, root.resolve(".tandem/compose"));
  }

  /**
   * @param state where the files go; docker-compose.yml mounts {@code .tandem/compose}
   */
  ComposeConfigs(Path root, String profile, Path state) {
    Topology topology =
        Topology.load(root.resolve("infra/topology.yml"), profile, Optional.empty());
    Cluster cluster = new Cluster(root, Cluster.DEFAULT_NAME, topology, state);
    this.context = new Context(cluster, new Network(cluster), new Supervisor(cluster));
  }

  Context context() {
    return context;
  }

  /** The instances compose runs, as named in docker-compose.yml. */
  List<Instance> instances() {
    return context.topology().instances().stream()
        .filter(instance -> RENDERED.contains(instance.component()))
        .toList();
  }

  Path state() {
    return context.cluster().state;
  }

  /** Renders every instance's files into {@code .tandem/compose/conf/NAME/}; returns the count. */
  int render() {
    Cluster cluster = context.cluster();
    new Tokens(cluster, Clock.systemUTC()).ensure();
    Product.Facts facts = Product.Facts.fixed(context.topology().of("redis").getFirst());
    int count = 0;
    for (Instance instance : context.topology().instances()) {
      if (!RENDERED.contains(instance.component())) {
        continue; // keepalived and the MySQL guards: ha only, not in compose yet
      }
      Product product = Products.of(instance.component());
      Map<String, String> files = new LinkedHashMap<>();
      if (product instanceof Service service) {
        files.put("service.env", envFile(service.environment(context, instance)));
      } else {
        product.render(context, instance, facts).forEach((k, v) -> files.put(k, inContainer(v)));
      }
      Path conf = cluster.conf(instance);
      Product.write(conf, files);
      count++;
    }
    readableByServices(Tokens.keyDirectory(cluster));
    return count;
  }

  /**
   * The endpoints for tests, as {@code ./tandem env} prints them: middleware at the containers'
   * addresses (reachable where the compose network is, e.g. in the container engine's namespace),
   * the entry point through nginx's published port.
   */
  List<String> env() {
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
