package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Formation;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Logs;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.ProcessGroup;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Up;
import dev.tandem.launcher.cluster.Waits;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code kill}, {@code stop}, {@code start}, {@code isolate}, {@code heal}, {@code hang} and {@code
 * resume} of instances.
 */
public final class InstanceControl {

  private final Context context;
  private final PrintStream out;

  InstanceControl(Context context, PrintStream out) {
    this.context = context;
    this.out = out;
  }

  void isolate(Instance instance) {
    context.network().isolate(instance.host());
    out.println(
        "host "
            + instance.host().name()
            + " ("
            + instance.address()
            + ") is cut off the network at "
            + System.currentTimeMillis());
  }

  void heal(Instance instance) {
    context.network().heal(instance.host());
    out.println(
        "host "
            + instance.host().name()
            + " ("
            + instance.address()
            + ") is back on the network at "
            + System.currentTimeMillis());
  }

  private Supervisor.State state(Instance instance) {
    Supervisor.State state = context.supervisor().states().get(instance.name());
    if (state == null) {
      throw new LauncherException(
          "supervisord does not know " + instance.name() + "; run ./tandem up");
    }
    return state;
  }

  /** SIGKILL to the whole process group: some products run their server as a child process. */
  void kill(Instance instance) {
    Supervisor.State state = state(instance);
    if (!state.running() || state.pid() == null) {
      out.println(instance.name() + " is not running (" + state.state() + ")");
      return;
    }
    long signalled = System.currentTimeMillis();
    Proc.check(List.of("kill", "-KILL", "--", "-" + state.pid()), Duration.ofSeconds(5));
    Waits.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> !state(instance).running());
    out.println(killed(instance, state, signalled));
  }

  /** The drills measure recovery from the moment in this line, not from when they asked. */
  private static String killed(Instance instance, Supervisor.State state, long signalled) {
    return "killed " + instance.name() + " (pid " + state.pid() + ") at " + signalled;
  }

  /** Several instances at once, as when the host they share dies: signals first, then waits. */
  void killTogether(List<Instance> instances) {
    Map<Instance, Supervisor.State> running = new java.util.LinkedHashMap<>();
    for (Instance instance : instances) {
      Supervisor.State state = state(instance);
      if (state.running() && state.pid() != null) {
        running.put(instance, state);
      } else {
        out.println(instance.name() + " is not running (" + state.state() + ")");
      }
    }
    List<String> command = new java.util.ArrayList<>(List.of("kill", "-KILL", "--"));
    running.values().forEach(state -> command.add("-" + state.pid()));
    if (running.isEmpty()) {
      return;
    }
    long signalled = System.currentTimeMillis();
    Proc.check(command, Duration.ofSeconds(5));
    Waits.until(
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        () -> running.keySet().stream().noneMatch(i -> state(i).running()));
    running.forEach((instance, state) -> out.println(killed(instance, state, signalled)));
  }

  /**
   * SIGSTOP ({@code hang}) or SIGCONT ({@code resume}) to each instance's whole process group, all
   * at one moment: a hung process keeps its ports open and answers nothing, the gray failure a dead
   * one is not. The group, because some products serve from a child of the process supervisord
   * started (Elasticsearch's launcher JVM starts the server JVM). Resuming a running instance
   * changes nothing, so {@code resume} can always be repeated.
   */
  void signalTogether(boolean hang, List<Instance> instances) {
    Map<Instance, Supervisor.State> running = new java.util.LinkedHashMap<>();
    for (Instance instance : instances) {
      Supervisor.State state = state(instance);
      if (state.running() && state.pid() != null) {
        running.put(instance, state);
      } else {
        out.println(instance.name() + " is not running (" + state.state() + ")");
      }
    }
    if (running.isEmpty()) {
      return;
    }
    List<String> signal =
        new java.util.ArrayList<>(List.of("kill", hang ? "-STOP" : "-CONT", "--"));
    running.values().forEach(state -> signal.add("-" + state.pid()));
    long signalled = System.currentTimeMillis();
    Proc.check(signal, Duration.ofSeconds(5));
    // A stop takes effect when the kernel next schedules each thread: wait until it has.
    Waits.until(
        Duration.ofSeconds(5),
        Duration.ofMillis(20),
        () -> running.values().stream().allMatch(s -> ProcessGroup.stopped(s.pid()) == hang));
    running.forEach(
        (instance, state) -> {
          if (ProcessGroup.stopped(state.pid()) != hang) {
            throw new LauncherException(
                instance.name()
                    + " (pid "
                    + state.pid()
                    + ") did not "
                    + (hang ? "stop" : "continue")
                    + " within 5 s of the signal; see ./tandem status");
          }
          out.println(
              (hang ? "hung " : "resumed ")
                  + instance.name()
                  + " (pid "
                  + state.pid()
                  + ") at "
                  + signalled);
        });
  }

  void stop(Instance instance) {
    Supervisor.State state = state(instance);
    if (!state.running()) {
      out.println(instance.name() + " is not running (" + state.state() + ")");
      return;
    }
    context.supervisor().stop(List.of(instance.name()));
    out.println("stopped " + instance.name());
  }

  /** Starts the instance after re-rendering its config from the cluster's current state. */
  void start(Instance instance) {
    if (state(instance).running()) {
      out.println(instance.name() + " is already running");
      return;
    }
    Product product = context.product(instance.component());
    product.prepare(context, instance);
    context.supervisor().start(List.of(instance.name()));
    // The rest of the cluster is serving: the start yields to it until the instance can be found
    // (measured in the drills: the rolling restart's and the lost quorum's timeouts came while
    // JVMs started at the priority of the instances answering). A service takes nice 0 back itself
    // before it registers (TANDEM_NICE_WHEN_SERVING); the renice on health below is for the rest.
    Integer starting = state(instance).pid();
    if (starting != null) {
      ProcessGroup.renice(starting, ProcessGroup.STARTING_NICE);
    }
    product.form(Formation.ofStarted(context, out, instance));
    // up's limit (TANDEM_UP_TIMEOUT), which the formation above waits with too: a service JVM
    // started on a busy 2-core machine (a rolling restart under drill load) took 175 s in one run
    // and over 360 s in a CI run: CPU, not a fault
    Duration limit = Up.timeout();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Supervisor.State state = state(instance);
      if (!state.running()) {
        throw new LauncherException(
            instance.name()
                + " is "
                + state.state()
                + " after starting; last lines of its log:\n"
                + Logs.tail(context.cluster().log(instance), 30));
      }
      Map<String, Probe> probes =
          product.probe(context, context.topology().of(instance.component()));
      Probe probe = probes.get(instance.name());
      if (probe != null && probe.healthy()) {
        if (state.pid() != null) {
          ProcessGroup.renice(state.pid(), 0);
        }
        out.println(
            "started " + instance.name() + " as " + probe.role() + " (pid " + state.pid() + ")");
        return;
      }
      Waits.pause(Duration.ofMillis(500));
    }
    throw new LauncherException(
        instance.name()
            + " did not become healthy within "
            + limit.toSeconds()
            + " s; see ./tandem logs "
            + instance.name());
  }
}
