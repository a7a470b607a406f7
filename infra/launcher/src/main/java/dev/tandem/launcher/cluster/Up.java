package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Topology.Instance;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Brings the cluster up: hosts, configs, supervisord, then the products in the topology's stages,
 * each stage waiting until its products really work (a leader elected, replicas linked, a VIP
 * answering) and then running its formation steps, with visible progress. Instances that already
 * run are left alone, so {@code up} is idempotent.
 */
public final class Up {

  private final Context context;
  private final PrintStream out;
  private final Duration timeout;
  private final Map<String, Consumer<Up>> steps;
  private final long started = System.nanoTime();
  private final StageTimings timings = new StageTimings();

  public Up(Context context, PrintStream out, Duration timeout) {
    this(context, out, timeout, Map.of());
  }

  /**
   * @param steps formation steps that are not a product's, by the name the topology's stages give
   *     them under {@code then}
   */
  public Up(Context context, PrintStream out, Duration timeout, Map<String, Consumer<Up>> steps) {
    this.context = context;
    this.out = out;
    this.timeout = timeout;
    this.steps = Map.copyOf(steps);
  }

  /**
   * How long each wait may take: {@code TANDEM_UP_TIMEOUT} seconds, 480 unless set. It catches an
   * instance that never gets ready, and must not catch a slow one: on ha, four service JVMs start
   * at once on 2 cores beside the running middleware; member-service was ready after 223 s (idle
   * machine, 2026-12-02) and after more than 300 s in a CI run on the same machine.
   */
  public static Duration timeout() {
    String seconds = System.getenv("TANDEM_UP_TIMEOUT");
    try {
      return Duration.ofSeconds(seconds == null ? 480 : Long.parseLong(seconds.strip()));
    } catch (NumberFormatException e) {
      throw new LauncherException(
          "TANDEM_UP_TIMEOUT must be a number of seconds, not '" + seconds + "'");
    }
  }

  Context context() {
    return context;
  }

  PrintStream out() {
    return out;
  }

  public void run() {
    Cluster cluster = context.cluster();
    Topology topology = context.topology();
    checkSteps(topology);
    progress("hosts", "creating " + topology.hosts().size() + " hosts on " + topology.subnet());
    context.network().checkOwner();
    context.network().checkSubnetIsFree();
    if (!context.supervisor().running()) {
      Down.killStrays(context);
    }
    long hostsStarted = System.nanoTime();
    context.network().create();
    timings.add("hosts", hostsStarted);
    cluster.writeRecord();

    List<Supervisor.Program> programs = new ArrayList<>();
    for (Instance instance : topology.instances()) {
      programs.add(context.product(instance.component()).program(context, instance));
    }
    createDirectories();
    // before any service starts: site-service signs with the key, everything else verifies with it
    if (new Tokens(cluster, Clock.systemUTC()).ensure()) {
      progress("keys", "signing key made in " + Tokens.keyDirectory(cluster));
    }
    context.supervisor().writeConfig(programs);
    context.supervisor().ensureRunning();

    Set<String> ready = new HashSet<>();
    int number = 0;
    for (Topology.Stage stage : topology.stages()) {
      number++;
      long stageStarted = System.nanoTime();
      Map<String, Supervisor.State> states = context.supervisor().states();
      List<Instance> toStart = new ArrayList<>();
      for (String component : stage.start()) {
        for (Instance instance : topology.of(component)) {
          Supervisor.State state = states.get(instance.name());
          if (state == null || !state.running()) {
            toStart.add(instance);
          }
        }
      }
      startAll(toStart);
      long waitStarted = System.nanoTime();
      awaitReady(stage.ready().stream().filter(c -> !ready.contains(c)).toList());
      ready.addAll(stage.ready());
      long formationStarted = System.nanoTime();
      for (String step : stage.then()) {
        if (steps.containsKey(step)) {
          steps.get(step).accept(this);
        } else if (!topology.of(step).isEmpty()) {
          context.product(step).form(new Formation(this, topology.of(step), true));
        }
      }
      String name = "stage " + number + " (" + String.join(",", stage.start()) + ")";
      timings.add(name + " start", stageStarted, waitStarted);
      timings.add(name + " ready", waitStarted, formationStarted);
      if (!stage.then().isEmpty()) {
        timings.add(name + " then " + String.join(",", stage.then()), formationStarted);
      }
    }
    // One last look at everything: a later stage must not have undone an earlier one.
    long lastLook = System.nanoTime();
    awaitReady(new Observer(context).components(), true);
    timings.add("last look", lastLook);
    timings.print(this::progress);
  }

  /** A formation step the topology names must exist before anything starts. */
  private void checkSteps(Topology topology) {
    for (Topology.Stage stage : topology.stages()) {
      for (String step : stage.then()) {
        if (!steps.containsKey(step) && !topology.components().contains(step)) {
          throw new LauncherException(
              "topology: stage step '"
                  + step
                  + "' is neither a component nor one of "
                  + new TreeSet<>(steps.keySet()));
        }
      }
    }
  }

  void startAll(List<Instance> instances) {
    prepareAll(instances);
    if (!instances.isEmpty()) {
      progress("start", String.join(" ", instances.stream().map(Instance::name).toList()));
      context.supervisor().start(instances.stream().map(Instance::name).toList());
    }
  }

  private void createDirectories() {
    try {
      for (Instance instance : context.topology().instances()) {
        Files.createDirectories(context.cluster().conf(instance));
        Files.createDirectories(context.cluster().data(instance));
        Files.createDirectories(context.cluster().run(instance));
        Files.createDirectories(context.cluster().logDir(instance));
      }
      Files.createDirectories(context.cluster().logs());
    } catch (IOException e) {
      throw new LauncherException("cannot create the cluster's directories: " + e.getMessage(), e);
    }
  }

  /** Prepares instances concurrently: format steps of different products need not queue. */
  private void prepareAll(List<Instance> instances) {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<Instance, Future<?>> futures = new LinkedHashMap<>();
      for (Instance instance : instances) {
        futures.put(
            instance,
            executor.submit(
                () -> context.product(instance.component()).prepare(context, instance)));
      }
      for (var entry : futures.entrySet()) {
        try {
          entry.getValue().get();
        } catch (Exception e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          throw new LauncherException(
              "preparing " + entry.getKey().name() + " failed: " + cause.getMessage(), cause);
        }
      }
    }
  }

  /** Polls until every component works, printing each change of what it waits for. */
  void awaitReady(List<String> components) {
    awaitReady(components, false);
  }

  void awaitReady(List<String> components, boolean quiet) {
    new Readiness(context, timeout, this::progress).await(components, quiet);
  }

  public void progress(String what, String message) {
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf("%7.1fs  %-14s %s%n", seconds, what, message);
    out.flush();
  }
}
