package dev.tandem.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Logs;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.launcher.product.service.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code ./tandem bench --startup [--runs N] [SERVICE...]} (the launcher's {@code bench-startup}):
 * how fast each service starts and how much memory it holds once ready. On the running cluster,
 * with no load, it stops one instance of each service, starts it, and measures from the moment the
 * process was created to the first ready answer of {@code /actuator/health/readiness} (polled every
 * 50 ms), then the JVM's resident memory and heap in use. Each service is measured N times; the
 * table and {@code target/bench/startup.json} give the medians, the goals (ready within 8 s, at
 * most 300 MiB) and the JVM flags in effect.
 */
final class StartupBench {

  static final int DEFAULT_RUNS = 3;
  static final double READY_GOAL_SECONDS = 8.0;
  static final long RSS_GOAL_MIB = 300;

  /** A start that takes longer than this is a failure, not a figure (a busy 2-core machine). */
  private static final Duration START_LIMIT = Duration.ofSeconds(240);

  private static final Duration POLL = Duration.ofMillis(50);
  private static final long MIB = 1024 * 1024;

  /** One measured start. */
  record Run(
      double loadBefore,
      double prepareSeconds,
      double readySeconds,
      long rssBytes,
      Long heapUsed) {}

  /** The runs of one service, and what it ran with. */
  record Result(
      String service, String instance, List<Run> runs, List<String> commandLine, long jarBytes) {

    double median(ToDoubleFunction<Run> figure) {
      List<Double> sorted = runs.stream().map(figure::applyAsDouble).sorted().toList();
      int middle = sorted.size() / 2;
      return sorted.size() % 2 == 1
          ? sorted.get(middle)
          : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    double readySeconds() {
      return median(Run::readySeconds);
    }

    double rssMib() {
      return median(r -> r.rssBytes() / (double) MIB);
    }
  }

  private final Context context;
  private final PrintStream out;

  StartupBench(Context context, PrintStream out) {
    this.context = context;
    this.out = out;
  }

  static int run(Invocation invocation, List<String> args) {
    List<String> rest = new ArrayList<>(args);
    int runs = DEFAULT_RUNS;
    int option = rest.indexOf("--runs");
    if (option >= 0) {
      if (option + 1 >= rest.size() || !rest.get(option + 1).matches("[1-9]|1\\d|20")) {
        return invocation.badArgument("--runs takes a number of starts per service, 1 to 20");
      }
      runs = Integer.parseInt(rest.get(option + 1));
      rest.subList(option, option + 2).clear();
    }
    Context context = invocation.contexts().requireUp();
    List<String> all = RollingRestart.all(context.topology());
    for (String name : rest) {
      if (!all.contains(name)) {
        return invocation.badArgument(
            "bench --startup measures services: "
                + String.join(", ", all)
                + "; not '"
                + name
                + "'");
      }
    }
    List<String> services = rest.isEmpty() ? all : all.stream().filter(rest::contains).toList();
    StartupBench bench = new StartupBench(context, invocation.out());
    List<Result> results = new ArrayList<>();
    for (String service : services) {
      results.add(bench.measure(service, runs));
    }
    invocation.out().print(table(results));
    Path report = invocation.root().resolve("target/bench/startup.json");
    bench.write(report, results, runs);
    invocation.out().println("report: " + invocation.root().relativize(report));
    return Main.DONE;
  }

  Result measure(String service, int runs) {
    Instance instance = context.topology().of(service).getFirst();
    List<Run> measured = new ArrayList<>();
    List<String> commandLine = List.of();
    for (int i = 1; i <= runs; i++) {
      double load = JavaProcess.loadAverage();
      Measured start = restart(instance);
      measured.add(start.run(load));
      commandLine = start.java().commandLine();
      out.printf(
          "%-18s run %d/%d: load %.2f, ready in %.2f s, %d MiB resident, %s MiB heap used%s%n",
          instance.name(),
          i,
          runs,
          load,
          start.readySeconds(),
          start.rssBytes() / MIB,
          start.heapUsed() == null ? "?" : Long.toString(start.heapUsed() / MIB),
          start.prepareSeconds() >= 1
              ? String.format(" (preparing took %.1f s)", start.prepareSeconds())
              : "");
      out.flush();
    }
    Path jar = Service.jar(context.cluster(), service);
    long jarBytes;
    try {
      jarBytes = Files.size(jar);
    } catch (IOException e) {
      jarBytes = -1;
    }
    return new Result(service, instance.name(), measured, commandLine, jarBytes);
  }

  private record Measured(
      JavaProcess java, double prepareSeconds, double readySeconds, long rssBytes, Long heapUsed) {
    Run run(double load) {
      return new Run(load, prepareSeconds, readySeconds, rssBytes, heapUsed);
    }
  }

  private Measured restart(Instance instance) {
    InstanceControl control =
        new InstanceControl(context, new PrintStream(OutputStream.nullOutputStream()));
    control.stop(instance);
    Product product = context.product(instance.component());
    long preparing = System.nanoTime();
    product.prepare(context, instance);
    double prepareSeconds = (System.nanoTime() - preparing) / 1e9;
    context.supervisor().start(List.of(instance.name()));
    Supervisor.State state = context.supervisor().states().get(instance.name());
    if (state == null || state.pid() == null) {
      throw new LauncherException(instance.name() + " did not start; see ./tandem status");
    }
    JavaProcess java =
        awaitJava(state.pid())
            .orElseThrow(
                () ->
                    new LauncherException(
                        instance.name() + " (pid " + state.pid() + ") never ran java"));
    double startedAt = java.startedAtUptime();
    String readiness =
        "http://"
            + instance.address()
            + ":"
            + Service.MANAGEMENT_PORT
            + "/actuator/health/readiness";
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!ready(readiness)) {
      if (!Files.exists(Path.of("/proc", Integer.toString(java.pid())))) {
        throw new LauncherException(
            instance.name()
                + " exited while starting; last lines of its log:\n"
                + Logs.tail(context.cluster().log(instance), 30));
      }
      if (System.nanoTime() > deadline) {
        throw new LauncherException(
            instance.name()
                + " was not ready within "
                + START_LIMIT.toSeconds()
                + " s; see ./tandem logs "
                + instance.name());
      }
      Waits.pause(POLL);
    }
    double readySeconds = JavaProcess.uptime() - startedAt;
    return new Measured(java, prepareSeconds, readySeconds, java.residentBytes(), heapUsed(java));
  }

  private static java.util.Optional<JavaProcess> awaitJava(int leader) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var java = JavaProcess.of(leader);
      if (java.isPresent()) {
        return java;
      }
      Waits.pause(Duration.ofMillis(10));
    }
    return java.util.Optional.empty();
  }

  private static boolean ready(String url) {
    try {
      Wire.Response response = Wire.get(url);
      return response.statusCode() == 200 && response.body().contains("\"UP\"");
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * The heap in use (survivors, eden and old generation), as {@code jstat -gc} reads it from the
   * JVM's performance counters: no attach, nothing loaded into the service. Null when it cannot
   * say.
   */
  private static Long heapUsed(JavaProcess java) {
    Proc.Result jstat =
        Proc.run(
            List.of(
                System.getProperty("java.home") + "/bin/jstat",
                "-gc",
                Integer.toString(java.pid())),
            Duration.ofSeconds(20));
    List<String> lines = jstat.output().strip().lines().toList();
    if (!jstat.ok() || lines.size() < 2) {
      return null;
    }
    List<String> names = List.of(lines.get(0).strip().split("\\s+"));
    List<String> values = List.of(lines.get(1).strip().split("\\s+"));
    double kib = 0;
    for (String used : List.of("S0U", "S1U", "EU", "OU")) {
      int column = names.indexOf(used);
      if (column < 0 || column >= values.size()) {
        return null;
      }
      kib += Double.parseDouble(values.get(column));
    }
    return (long) (kib * 1024);
  }

  static String table(List<Result> results) {
    StringBuilder table = new StringBuilder();
    String format = "%-18s %-20s %8s %9s %9s %9s %6s%n";
    table.append(
        String.format(
            format, "SERVICE", "INSTANCE", "READY s", "RSS MiB", "HEAP MiB", "JAR MiB", "GOALS"));
    for (Result result : results) {
      table.append(
          String.format(
              format,
              result.service(),
              result.instance(),
              String.format("%.2f", result.readySeconds()),
              String.format("%.0f", result.rssMib()),
              result.runs().stream().allMatch(r -> r.heapUsed() != null)
                  ? String.format("%.0f", result.median(r -> r.heapUsed() / (double) MIB))
                  : "?",
              String.format("%.0f", result.jarBytes() / (double) MIB),
              readyMet(result) && rssMet(result) ? "met" : "NOT"));
    }
    return table
        .append(
            String.format(
                "medians; goals: ready within %.0f s and at most %d MiB resident%n",
                READY_GOAL_SECONDS, RSS_GOAL_MIB))
        .toString();
  }

  private static boolean readyMet(Result result) {
    return result.readySeconds() <= READY_GOAL_SECONDS;
  }

  private static boolean rssMet(Result result) {
    return result.rssMib() <= RSS_GOAL_MIB;
  }

  private void write(Path report, List<Result> results, int runs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "startup");
    json.put("at", Instant.now().toString());
    json.put("cluster", context.cluster().name);
    json.put("profile", context.topology().profile());
    json.put("runs_per_service", runs);
    json.put("cpus", Runtime.getRuntime().availableProcessors());
    json.put("java", System.getProperty("java.home") + " " + System.getProperty("java.version"));
    json.put("goals", Map.of("ready_s", READY_GOAL_SECONDS, "rss_mib", RSS_GOAL_MIB));
    List<Map<String, Object>> services = new ArrayList<>();
    for (Result result : results) {
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("service", result.service());
      service.put("instance", result.instance());
      service.put("ready_s", round(result.readySeconds()));
      service.put("rss_mib", round(result.rssMib()));
      if (result.runs().stream().allMatch(r -> r.heapUsed() != null)) {
        service.put("heap_used_mib", round(result.median(r -> r.heapUsed() / (double) MIB)));
      }
      service.put("goals_met", Map.of("ready", readyMet(result), "rss", rssMet(result)));
      service.put("jar_bytes", result.jarBytes());
      service.put("jvm_flags", flags(result.commandLine()));
      service.put("command_line", result.commandLine());
      List<Map<String, Object>> runList = new ArrayList<>();
      for (Run run : result.runs()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("load_1m_before", run.loadBefore());
        one.put("prepare_s", round(run.prepareSeconds()));
        one.put("ready_s", round(run.readySeconds()));
        one.put("rss_mib", round(run.rssBytes() / (double) MIB));
        if (run.heapUsed() != null) {
          one.put("heap_used_mib", round(run.heapUsed() / (double) MIB));
        }
        runList.add(one);
      }
      service.put("runs", runList);
      services.add(service);
    }
    services.sort(Comparator.comparing(s -> (String) s.get("service")));
    json.put("services", services);
    try {
      Files.createDirectories(report.getParent());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(report.toFile(), json);
    } catch (IOException e) {
      throw new LauncherException("cannot write " + report + ": " + e.getMessage(), e);
    }
  }

  /** The JVM options of a java command line: what comes before the main jar or class. */
  static List<String> flags(List<String> commandLine) {
    List<String> flags = new ArrayList<>();
    boolean java = false;
    for (String arg : commandLine) {
      if (arg.endsWith("/bin/java")) {
        java = true;
      } else if (java && (arg.equals("-jar") || !arg.startsWith("-"))) {
        break;
      } else if (java) {
        flags.add(arg);
      }
    }
    return flags;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
