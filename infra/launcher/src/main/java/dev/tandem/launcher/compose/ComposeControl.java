package dev.tandem.launcher.compose;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Observer;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.StatusReport;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Waits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code status}, {@code stop}, {@code start} and {@code logs} of a compose cluster's containers,
 * as the native verbs do them for instances: the same names, the same status JSON, and a {@code
 * start} that returns once the container is healthy (for a service: ready, hence registered). They
 * run the user's compose command in the repository (where {@code ./tandem} runs), so its files come
 * from {@code COMPOSE_FILE} (or {@code .env}) and its engine from {@code DOCKER_HOST}, as for any
 * other compose command.
 */
public final class ComposeControl {

  /** As the native start's bound: a service JVM on a busy 2-core machine needs minutes. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(360);

  /** Lines of the log {@code logs} prints, as natively. */
  private static final int LOG_LINES = 200;

  /** Compose's engine answers slowly while a cluster starts on 2 cores. */
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final ComposeConfigs configs;
  private final PrintStream out;

  public ComposeControl(ComposeConfigs configs, PrintStream out) {
    this.configs = configs;
    this.out = out;
  }

  public void status(boolean json) {
    List<Observer.Row> rows = new ArrayList<>();
    String table = compose("ps");
    for (Instance instance : configs.instances()) {
      Optional<String> line = containerLine(table, instance.name());
      boolean running = line.map(ComposeControl::up).orElse(false);
      boolean healthy = line.map(ComposeControl::healthy).orElse(false);
      rows.add(
          new Observer.Row(
              instance,
              new Supervisor.State(instance.name(), running ? "RUNNING" : "STOPPED", null),
              healthy ? new Probe(true, null, "") : Probe.down("container not healthy"),
              false));
    }
    out.print(
        json
            ? StatusReport.json(configs.context(), rows)
            : StatusReport.table(configs.context(), rows));
  }

  public void stop(Instance instance) {
    // compose waits the service's stop_grace_period, as supervisord waits the product's stop time
    compose("stop", instance.name());
    out.println("stopped " + instance.name());
  }

  public void start(Instance instance) {
    compose("start", instance.name());
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "";
    // A started container is "health: starting" until its check passes again, not healthy from
    // before its stop (Docker does so; so does podman 4.3.1, measured: a service was "starting" for
    // 2 minutes).
    // A service's check is its readiness, which includes being registered.
    while (System.nanoTime() < deadline) {
      last = containerLine(compose("ps", instance.name()), instance.name()).orElse("");
      if (!up(last)) {
        throw new LauncherException(
            instance.name()
                + " is not running after starting ("
                + last.strip()
                + "); last lines of its log:\n"
                + logs(instance, 30));
      }
      if (healthy(last)) {
        out.println("started " + instance.name());
        return;
      }
      Waits.pause(Duration.ofSeconds(1));
    }
    throw new LauncherException(
        instance.name()
            + " did not become healthy within "
            + START_TIMEOUT.toSeconds()
            + " s (last seen: "
            + last.strip()
            + "); see ./tandem compose logs "
            + instance.name());
  }

  /** The end of the container's output, without compose's prefix: lines start as logged. */
  public String logs(Instance instance, int lines) {
    return compose("logs", "--no-color", "--no-log-prefix", "--tail=" + lines, instance.name());
  }

  public String logs(Instance instance) {
    return logs(instance, LOG_LINES);
  }

  /**
   * The row of {@code ps} for the service's container: compose v1 names it PROJECT_NAME_1, v2
   * PROJECT-NAME-1.
   */
  static Optional<String> containerLine(String table, String service) {
    Pattern name = Pattern.compile("^\\S+[_-]" + Pattern.quote(service) + "[_-]\\d+\\s.*");
    return table.lines().filter(line -> name.matcher(line).matches()).findFirst();
  }

  /** v1 shows the state as "Up (healthy)", v2 as "Up 3 minutes (healthy)". */
  static boolean up(String line) {
    return Pattern.compile("\\sUp(\\s|$)").matcher(line).find();
  }

  static boolean healthy(String line) {
    return up(line) && line.contains("(healthy)");
  }

  private String compose(String... args) {
    List<String> command = new ArrayList<>(composeCommand());
    command.addAll(List.of(args));
    return Proc.check(command, COMMAND_TIMEOUT);
  }

  /** docker-compose (v1, or v2 installed standalone) where it is, else Docker's plugin. */
  private static List<String> composeCommand() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Path.of(dir, "docker-compose").toFile().canExecute()) {
        return List.of("docker-compose");
      }
    }
    return List.of("docker", "compose");
  }
}
