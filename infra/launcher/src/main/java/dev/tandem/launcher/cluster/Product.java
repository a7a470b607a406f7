package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.mysql.MySql;
import dev.tandem.launcher.product.redis.Redis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    write(context.cluster().conf(instance), render(context, instance, Facts.observe(context)));
  }

  Supervisor.Program program(Context context, Instance instance);

  /** What a started instance must do to rejoin its cluster, once its process runs. */
  default void afterStart(Context context, Instance instance, java.io.PrintStream out) {}

  /** Asks every instance of the component at once (some products answer for the whole cluster). */
  Map<String, Probe> probe(Context context, List<Instance> instances);

  /** Empty when the component as a whole works; otherwise what it is still waiting for. */
  Optional<String> notReady(Context context, List<Instance> instances, Map<String, Probe> probes);

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
   * Facts about the running cluster that some configs depend on, looked up once and only when a
   * template needs them; tests pass fixed facts instead.
   */
  final class Facts {
    private final Context context;
    private Instance redisMaster;
    private final Map<Integer, Optional<Instance>> mysqlWriters = new HashMap<>();

    private Facts(Context context, Instance redisMaster) {
      this.context = context;
      this.redisMaster = redisMaster;
    }

    public static Facts observe(Context context) {
      return new Facts(context, null);
    }

    public static Facts fixed(Instance redisMaster) {
      return new Facts(null, redisMaster);
    }

    /** The writable MySQL server of a physical shard, if one runs (none on a cold start). */
    public synchronized Optional<Instance> mysqlWriter(int shard) {
      if (context == null) {
        return Optional.empty();
      }
      return mysqlWriters.computeIfAbsent(shard, s -> MySql.writer(context, s));
    }

    /** A MySQL server that its guard found diverged: it must not listen on the network. */
    public boolean mysqlDiverged(Instance server) {
      return context != null && MySql.diverged(context.cluster(), server).isPresent();
    }

    public synchronized Instance redisMaster() {
      if (redisMaster == null) {
        redisMaster = Redis.currentMaster(context);
      }
      return redisMaster;
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
    return variables;
  }
}
