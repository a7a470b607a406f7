package dev.tandem.launcher.cluster;

import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.Products;
import dev.tandem.launcher.product.elasticsearch.Elasticsearch;
import dev.tandem.launcher.product.mysql.MySql;
import dev.tandem.launcher.rules.ConfigCentre;
import dev.tandem.launcher.rules.LiveRules;
import dev.tandem.launcher.rules.RuleFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Brings the cluster up: hosts, configs, supervisord, then the products in stages, each stage
 * waiting until its products really work (a leader elected, replicas linked, a VIP answering), with
 * visible progress. Instances that already run are left alone, so {@code up} is idempotent.
 */
public final class Up {

  /**
   * What starts together, then what must be ready before the next stage. Elasticsearch starts first
   * because it is the slowest; it is waited for last. Between the stages the MySQL replicas are
   * attached to their primaries, and only then does keepalived put VIPs in front of them.
   */
  private record Stage(List<String> start, List<String> waitFor) {}

  private static final List<Stage> STAGES =
      List.of(
          new Stage(
              List.of("elasticsearch", "zookeeper", "kafka", "redis", "mysql"),
              List.of("zookeeper", "redis")),
          new Stage(
              List.of("sentinel", "keepalived", "nginx"),
              List.of("kafka", "sentinel", "mysql", "nginx", "keepalived", "elasticsearch")),
          // The services, once everything they use works: providers before their consumers.
          new Stage(
              List.of("member-service", "promotion-service"),
              List.of("member-service", "promotion-service")),
          new Stage(List.of("site-service", "gateway"), List.of("site-service", "gateway")));

  private final Context context;
  private final PrintStream out;
  private final Duration timeout;
  private final long started = System.nanoTime();

  public Up(Context context, PrintStream out, Duration timeout) {
    this.context = context;
    this.out = out;
    this.timeout = timeout;
  }

  public void run() {
    Cluster cluster = context.cluster();
    // Checked before anything starts: a broken rule file stops `up` with the cluster unchanged.
    List<RuleFile.RuleSet> rules = LiveRules.defaults(cluster.infra("sentinel"));
    progress(
        "hosts",
        "creating "
            + context.topology().hosts().size()
            + " hosts on "
            + context.topology().subnet());
    context.network().checkOwner();
    context.network().checkSubnetIsFree();
    if (!context.supervisor().running()) {
      Down.killStrays(context);
    }
    context.network().create();
    cluster.writeRecord();

    List<Supervisor.Program> programs = new ArrayList<>();
    for (Instance instance : context.topology().instances()) {
      programs.add(Products.of(instance.component()).program(context, instance));
    }
    createDirectories();
    // before any service starts: site-service signs with the key, everything else verifies with it
    if (new Tokens(cluster, Clock.systemUTC()).ensure()) {
      progress("keys", "signing key made in " + Tokens.keyDirectory(cluster));
    }
    context.supervisor().writeConfig(programs);
    context.supervisor().ensureRunning();
    Map<String, Supervisor.State> states = context.supervisor().states();

    Set<String> done = new java.util.HashSet<>();
    for (Stage stage : STAGES) {
      if (stage.start().contains("keepalived")) {
        // Replication first, then the guards (the writer's takes its shard's key), then the VIPs,
        // which keepalived holds only where a guard says the writer is.
        MySql.wireReplication(context, out);
        startAll(notRunning(context.topology().of("mysql-guard"), states));
        awaitReady(List.of("mysql-guard"));
        done.add("mysql-guard");
        MySql.placeVips(context, this);
        states = context.supervisor().states();
      }
      List<Instance> toStart = new ArrayList<>();
      for (String component : stage.start()) {
        for (Instance instance : context.topology().of(component)) {
          Supervisor.State state = states.get(instance.name());
          if (state == null || !state.running()) {
            toStart.add(instance);
          }
        }
      }
      startAll(toStart);
      awaitReady(stage.waitFor().stream().filter(c -> !done.contains(c)).toList());
      done.addAll(stage.waitFor());
      if (stage.waitFor().contains("zookeeper")) {
        // before any service starts, so each one's first rules are the versioned ones
        loadRules(rules);
      }
      if (stage.waitFor().contains("elasticsearch")) {
        // before any service creates an index
        Elasticsearch.applyIndexDefaults(context);
      }
    }
    // One last look at everything: a later stage must not have undone an earlier one.
    awaitReady(new Observer(context).components(), true);
  }

  /**
   * Writes the versioned Sentinel rules into ZooKeeper on every {@code up}: the repository is their
   * source of truth, and a change made live with {@code ./tandem rules apply} lasts until then.
   */
  private void loadRules(List<RuleFile.RuleSet> rules) {
    if (rules.isEmpty()) {
      progress("rules", "no defaults in infra/sentinel/");
      return;
    }
    try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
      List<LiveRules.Applied> applied = LiveRules.apply(zooKeeper, rules);
      progress("rules", "from infra/sentinel/: " + LiveRules.describe(applied, rules));
    }
  }

  private static List<Instance> notRunning(
      List<Instance> instances, Map<String, Supervisor.State> states) {
    return instances.stream()
        .filter(i -> states.get(i.name()) == null || !states.get(i.name()).running())
        .toList();
  }

  public void startAll(List<Instance> instances) {
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
            executor.submit(() -> Products.of(instance.component()).prepare(context, instance)));
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
    Map<String, String> last = new HashMap<>();
    List<String> waiting =
        new ArrayList<>(
            components.stream().filter(c -> !context.topology().of(c).isEmpty()).toList());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!waiting.isEmpty()) {
      failOnDeadProcesses(waiting);
      Map<String, Map<String, Probe>> probes = new Observer(context).probe(waiting);
      for (String component : List.copyOf(waiting)) {
        List<Instance> instances = context.topology().of(component);
        Optional<String> missing =
            Products.of(component)
                .notReady(context, instances, probes.getOrDefault(component, Map.of()));
        if (missing.isEmpty()) {
          if (!quiet || last.containsKey(component)) {
            progress(component, "ready" + summary(probes.get(component)));
          }
          waiting.remove(component);
        } else if (!missing.get().equals(last.get(component))) {
          progress(component, "waiting: " + missing.get());
          last.put(component, missing.get());
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String component = waiting.getFirst();
        Instance suspect = context.topology().of(component).getFirst();
        Map<String, Probe> componentProbes = probes.getOrDefault(component, Map.of());
        for (Instance instance : context.topology().of(component)) {
          Probe probe = componentProbes.get(instance.name());
          if (probe == null || !probe.healthy()) {
            suspect = instance;
            break;
          }
        }
        throw new LauncherException(
            component
                + " was not ready after "
                + timeout.toSeconds()
                + " s ("
                + last.get(component)
                + "); suspect "
                + suspect.name()
                + ", last lines of "
                + context.cluster().log(suspect)
                + ":\n"
                + Logs.tail(context.cluster().log(suspect), 30));
      }
      Waits.pause(Duration.ofMillis(500));
    }
  }

  private void failOnDeadProcesses(List<String> components) {
    Map<String, Supervisor.State> states = context.supervisor().states();
    for (String component : components) {
      for (Instance instance : context.topology().of(component)) {
        Supervisor.State state = states.get(instance.name());
        if (state != null && !state.running()) {
          throw new LauncherException(
              instance.name()
                  + " is "
                  + state.state()
                  + " instead of running; last lines of "
                  + context.cluster().log(instance)
                  + ":\n"
                  + Logs.tail(context.cluster().log(instance), 30));
        }
      }
    }
  }

  public static String summary(Map<String, Probe> probes) {
    if (probes == null || probes.isEmpty()) {
      return "";
    }
    Map<String, List<String>> byRole = new LinkedHashMap<>();
    probes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                byRole
                    .computeIfAbsent(
                        Objects.requireNonNullElse(e.getValue().role(), ""), r -> new ArrayList<>())
                    .add(e.getKey()));
    StringBuilder text = new StringBuilder(":");
    // a product without roles (Elasticsearch, the services) lists its instances alone
    byRole.forEach(
        (role, names) ->
            text.append(role.isEmpty() ? "" : " " + role)
                .append(' ')
                .append(String.join(",", names))
                .append(';'));
    return text.substring(0, text.length() - 1);
  }

  public void progress(String what, String message) {
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf("%7.1fs  %-14s %s%n", seconds, what, message);
    out.flush();
  }
}
