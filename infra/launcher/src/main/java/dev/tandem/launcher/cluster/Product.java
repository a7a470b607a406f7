package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the launcher knows about one kind of middleware: how to lay out an instance, how to run it,
 * and how to ask the running product for its health and role.
 */
public interface Product {

  /** The answer of one instance: healthy, its role as the product itself reports it, and detail. */
  record Probe(boolean healthy, String role, String detail) {
    public static Probe down(String detail) {
      return new Probe(false, null, detail);
    }
  }

  String component();

  /**
   * The instance's config files (name relative to its conf directory, and content), rendered from
   * the templates under {@code infra/}. Pure: it reads templates and facts, nothing else.
   */
  Map<String, String> render(Context context, Instance instance, Facts facts);

  /**
   * Writes the rendered config and does what must happen before the instance starts: one-time
   * initialisation of its data directory, and whatever depends on the cluster's current state. Runs
   * before every start.
   */
  default void prepare(Context context, Instance instance) {
    write(context.cluster().conf(instance), render(context, instance, Facts.observe()));
  }

  Supervisor.Program program(Context context, Instance instance);

  /**
   * Makes started instances work together: MySQL wires replication and places its VIPs,
   * Elasticsearch sets its index defaults. {@code up} runs it for the whole component where the
   * topology's stages say ({@code then}); {@code start} runs it for the one instance it started
   * ({@link Formation#wholeCluster()} false), which must rejoin what runs already. Idempotent.
   */
  default void form(Formation formation) {}

  /** What must be remembered before {@code down} stops every instance (Redis: its master). */
  default void beforeShutdown(Context context) {}

  /**
   * The {@code TANDEM_*} lines through which services, tests and drills find this product (see
   * {@link Endpoints}); only a product the services use has any.
   */
  default List<String> endpoints(Context context) {
    return List.of();
  }

  /** Asks every instance of the component at once (some products answer for the whole cluster). */
  Map<String, Probe> probe(Context context, List<Instance> instances);

  /** Empty when the component as a whole works; otherwise what it is still waiting for. */
  Optional<String> notReady(Context context, List<Instance> instances, Map<String, Probe> probes);

  /** Ready when every instance is healthy; else how many are, "2 of 3 {@code what}". */
  static Optional<String> allHealthy(
      List<Instance> instances, Map<String, Probe> probes, String what) {
    long healthy = probes.values().stream().filter(Probe::healthy).count();
    return healthy == instances.size()
        ? Optional.empty()
        : Optional.of(healthy + " of " + instances.size() + " " + what);
  }

  /** Seconds supervisord waits after SIGTERM before SIGKILL. */
  default int stopWaitSeconds() {
    return 30;
  }

  static void write(Path dir, Map<String, String> files) {
    try {
      Files.createDirectories(dir);
      for (var file : files.entrySet()) {
        Path target = dir.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
    } catch (IOException e) {
      throw new LauncherException("cannot write config into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Like {@link #write}, for configs that carry passwords: the directory is closed to all but root
   * before anything is written into it, so no file is readable by others even for a moment. Only
   * for programs that read their config as root (MariaDB reads it before it drops to its user).
   */
  static void writeRootOnly(Path dir, Map<String, String> files) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new LauncherException("cannot protect " + dir + ": " + e.getMessage(), e);
    }
    write(dir, files);
  }

  /** Copies scripts from {@code infra/PRODUCT/} into the conf directory, root-owned, mode 0755. */
  static void installScripts(Context context, String product, List<String> scripts, Path dir) {
    try {
      Files.createDirectories(dir);
      for (String script : scripts) {
        Path target = dir.resolve(script);
        Files.copy(
            context.cluster().infra(product + "/" + script),
            target,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(
            target, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new LauncherException("cannot install scripts into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Renders {@code infra/PRODUCT/FILE} for each file with the given variables. */
  static Map<String, String> renderAll(
      Context context, String product, List<String> files, Map<String, String> variables) {
    return renderAll(context, product, files, variables, Map.of());
  }

  /** Like {@link #renderAll}, with lists for the templates' {@code {{#each}}} blocks. */
  static Map<String, String> renderAll(
      Context context,
      String product,
      List<String> files,
      Map<String, String> variables,
      Map<String, List<Map<String, String>>> lists) {
    Map<String, String> rendered = new LinkedHashMap<>();
    for (String file : files) {
      Path template = context.cluster().infra(product + "/" + file);
      try {
        rendered.put(
            file,
            Templates.render(Files.readString(template), variables, lists, template.toString()));
      } catch (IOException e) {
        throw new LauncherException("cannot read template " + template + ": " + e.getMessage(), e);
      }
    }
    return rendered;
  }

  /**
   * Facts about the running cluster that some configs depend on (who is Redis master, which MySQL
   * server is its shard's writer), each looked up once and only when a template needs it. Each
   * product names and observes its own facts; tests and the compose configs pass fixed ones.
   */
  final class Facts {
    private final boolean live;
    private final Map<String, Object> known = new HashMap<>();

    private Facts(boolean live, Map<String, ?> known) {
      this.live = live;
      this.known.putAll(known);
    }

    public static Facts observe() {
      return new Facts(true, Map.of());
    }

    /** Facts that are given, not observed: a fact not given is its {@code fallback}. */
    public static Facts fixed(Map<String, ?> known) {
      return new Facts(false, known);
    }

    /**
     * The fact named {@code key}: observed on first use and then remembered, or, for fixed facts,
     * the given value or else {@code fallback}.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T get(String key, Supplier<T> observe, T fallback) {
      if (!known.containsKey(key)) {
        known.put(key, live ? observe.get() : fallback);
      }
      return (T) known.get(key);
    }
  }

  /** Variables every template can use. */
  static Map<String, String> commonVariables(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Map<String, String> variables = new HashMap<>();
    variables.put("name", instance.name());
    variables.put("host", instance.host().name());
    variables.put("address", instance.address());
    variables.put("port", Integer.toString(instance.port()));
    variables.put("ordinal", Integer.toString(instance.ordinal()));
    variables.put("conf", cluster.conf(instance).toString());
    variables.put("data", cluster.data(instance).toString());
    variables.put("logs", cluster.logDir(instance).toString());
    variables.put("run", cluster.run(instance).toString());
    variables.put("subnet_prefix", Integer.toString(cluster.topology.subnet().prefix()));
    variables.put("cluster", cluster.name);
    variables.put("interface", cluster.topology.networkInterface());
    instance.ports().forEach((name, port) -> variables.put("port_" + name, Integer.toString(port)));
    if (instance.heap() != null) {
      variables.put("heap_initial", instance.heap().initial());
      variables.put("heap_max", instance.heap().max());
    }
    return variables;
  }
}
