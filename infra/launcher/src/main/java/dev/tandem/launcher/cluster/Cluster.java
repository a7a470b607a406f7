package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where one cluster lives: its name (prefix of its namespaces), its topology and its directories.
 * State is kept under {@code .tandem/NAME/}: {@code conf/} and {@code run/} are recreated by every
 * {@code up}; {@code data/PROFILE/} and {@code logs/} survive {@code down} unless {@code --purge}.
 */
public final class Cluster {

  public static final String DEFAULT_NAME = "tandem";

  public final Path root;
  public final String name;
  public final Path state;
  final Topology topology;

  public Topology topology() {
    return topology;
  }

  public Cluster(Path root, String name, Topology topology) {
    this(root, name, topology, root.resolve(".tandem").resolve(name));
  }

  public Cluster(Path root, String name, Topology topology, Path state) {
    this.root = root;
    this.name = name;
    this.state = state;
    this.topology = topology;
  }

  public static String validName(String name) {
    if (!name.matches("[a-z][a-z0-9]{0,7}")) {
      throw new LauncherException(
          "cluster name '"
              + name
              + "' is invalid: use 1-8 lowercase letters or digits, starting with a letter (TANDEM_CLUSTER)");
    }
    return name;
  }

  public Path conf(Topology.Instance instance) {
    return state.resolve("conf").resolve(instance.name());
  }

  /**
   * Data is kept per profile: lite's single-node ZooKeeper, Kafka and Elasticsearch histories
   * cannot join ha's clusters, so switching profiles never mixes them.
   */
  public Path data() {
    return state.resolve("data").resolve(topology.profile());
  }

  public Path data(Topology.Instance instance) {
    return data().resolve(instance.name());
  }

  public Path run(Topology.Instance instance) {
    return state.resolve("run").resolve(instance.name());
  }

  Path logs() {
    return state.resolve("logs");
  }

  /** Where a product writes log files of its own (its console goes to {@link #log}). */
  public Path logDir(Topology.Instance instance) {
    return logs().resolve(instance.name());
  }

  public Path log(Topology.Instance instance) {
    return logs().resolve(instance.name() + ".log");
  }

  public Path infra(String relative) {
    return root.resolve("infra").resolve(relative);
  }

  public Path products() {
    return root.resolve("infra/products/target");
  }

  /** JDK for the middleware: products are tested on 17; any newer one works for most of them. */
  public String middlewareJava() {
    String configured = System.getenv("TANDEM_MIDDLEWARE_JAVA_HOME");
    for (String home :
        new String[] {
          configured, "/usr/lib/jvm/java-17-openjdk-amd64", System.getProperty("java.home")
        }) {
      if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
        return home;
      }
    }
    throw new LauncherException("no JDK found for the middleware: set TANDEM_MIDDLEWARE_JAVA_HOME");
  }

  public String nsName(Topology.Host host) {
    return name + "-" + host.name();
  }

  // --- what `up` recorded, so that later commands know the profile and subnet ---

  Path recordFile() {
    return state.resolve("cluster.properties");
  }

  public static Optional<Properties> readRecord(Path root, String name) {
    Path file = root.resolve(".tandem").resolve(name).resolve("cluster.properties");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (var in = Files.newInputStream(file)) {
      properties.load(in);
      return Optional.of(properties);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeRecord() {
    Properties properties = new Properties();
    properties.setProperty("profile", topology.profile());
    properties.setProperty("subnet", topology.subnet().toString());
    try {
      Files.createDirectories(state);
      try (var out = Files.newOutputStream(recordFile())) {
        properties.store(out, "written by ./tandem up; removed by ./tandem down");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
