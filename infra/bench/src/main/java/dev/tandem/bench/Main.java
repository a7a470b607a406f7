package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.drills.Tandem;
import dev.tandem.drills.Tokens;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tandem bench}: seeds members and promotions through the API, measures the client's own
 * ceiling, warms every path up, then for each request class and hop searches the capacity at the
 * SLO, measures the home page's fan-out, and writes {@code target/bench/bench.json} and {@code
 * bench.html}. Exit code 0 when the run completed (goals missed are findings, reported, not
 * failures); 2 for bad arguments, 3 when no cluster is up.
 */
public final class Main {

  private final Path root;
  private final Options options;
  private final OpenLoop client = new OpenLoop();

  /** The cluster's processes, read around each measured step (set once the cluster is found). */
  private ProcessCpu cpu = new ProcessCpu(Path.of("/proc"), Map.of());

  private Main(Path root, Options options) {
    this.root = root;
    this.options = options;
  }

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    if (Options.wantsHelp(arguments)) {
      System.out.print(Options.USAGE);
      System.exit(0);
    }
    try {
      Options options = Options.parse(arguments);
      if (options.compare() != null) {
        Compare.read(options.compare()); // a bad path fails now, not after the run
      }
      Path root = Path.of(System.getProperty("tandem.root", ".")).toAbsolutePath().normalize();
      new Main(root, options).run();
      System.exit(0);
    } catch (IllegalArgumentException e) {
      System.err.println("tandem bench: " + e.getMessage());
      System.exit(2);
    } catch (NoCluster e) {
      System.err.println("tandem bench: " + e.getMessage());
      System.exit(3); // ./tandem's "not up
    } catch (IllegalStateException e) {
      System.err.println("tandem bench: " + e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(130);
    }
  }

  /** Nothing to measure: no cluster of this name is up. */
  static final class NoCluster extends RuntimeException {
    NoCluster(String message) {
      super(message);
    }
  }

  private static void say(String message) {
    System.out.println("bench: " + message);
    System.out.flush();
  }

  private void run() throws InterruptedException {
    Tandem tandem = new Tandem(root);
    Map<String, String> env;
    JsonNode status;
    try {
      env = tandem.env();
      status = tandem.status();
    } catch (IllegalStateException e) {
      String said = e.getMessage().lines().findFirst().orElse("");
      throw new NoCluster(
          "nothing to measure: "
              + (said.contains("tandem: ")
                  ? said.substring(said.indexOf("tandem: ") + "tandem: ".length())
                  : said)
              + " (with the same TANDEM_CLUSTER and TANDEM_SUBNET)");
    }
    String profile = env.getOrDefault("TANDEM_PROFILE", "unknown");
    cpu = ProcessCpu.of(status);
    if (cpu.sample().isEmpty()) {
      say("no CPU figures per component: " + cpu.unreadable());
    }
    Map<String, String> hops = new LinkedHashMap<>();
    hops.put(Report.DIRECT, "http://" + firstHealthy(status, "site-service"));
    hops.put(Report.GATEWAY, "http://" + firstHealthy(status, "gateway"));
    String entry = env.get("TANDEM_URL");
    if (entry == null) {
      throw new NoCluster("./tandem env names no TANDEM_URL: is the cluster up? ./tandem up lite");
    }
    hops.put(Report.NGINX, entry);
    Options.Plan plan = options.plan();
    Map<String, Object> machine = machine();
    say(
        (options.quick() ? "quick" : "full")
            + " run on "
            + profile
            + ": "
            + hops
            + "; machine "
            + machine);

    say(
        "seeding "
            + plan.members()
            + " members and their promotions at "
            + hops.get(Report.DIRECT));
    long seedStarted = System.nanoTime();
    Fixture fixture =
        Fixture.seed(
            hops.get(Report.DIRECT), Tokens.from(env), plan.members(), Duration.ofMinutes(3));
    say(
        String.format(
            Locale.ROOT,
            "seeded %d members, %d promotions in %.0f s",
            fixture.memberCount(),
            fixture.promotionCount(),
            (System.nanoTime() - seedStarted) / 1e9));

    Report.Client ceiling = clientCeiling(URI.create(entry + "/nginx-health"));
    say(
        String.format(
            Locale.ROOT,
            "client ceiling: %d req/s against nginx's health page, %.3f ms CPU per request",
            ceiling.maxRate(),
            ceiling.cpuMsPerRequest()));

    for (Map.Entry<String, String> hop : hops.entrySet()) {
      warmUp(hop.getKey(), URI.create(hop.getValue()), fixture);
    }

    List<Report.Capacity> capacities = new ArrayList<>();
    for (Kind kind : Kind.ALL) {
      for (Map.Entry<String, String> hop : hops.entrySet()) {
        URI base = URI.create(hop.getValue());
        CapacitySearch.Result<Step> result =
            CapacitySearch.search(
                plan.startRate(),
                plan.maxRate(),
                plan.bisections(),
                rate -> {
                  Step step = measure(hop.getKey(), base, kind, rate, fixture);
                  return new CapacitySearch.Outcome<>(rate, step.keptSlo(), step);
                });
        Report.Capacity capacity =
            Report.Capacity.of(kind.label(), hop.getKey(), result, plan.maxRate());
        say(
            String.format(
                Locale.ROOT,
                "%s via %s: capacity %d/s (%.1f/s answered, p99 %.1f ms); limited %s",
                kind.label(),
                hop.getKey(),
                capacity.capacity(),
                capacity.throughput(),
                capacity.p99Ms(),
                capacity.limitedBy()));
        capacities.add(capacity);
      }
    }

    int directHome =
        capacities.stream()
            .filter(c -> c.kind().equals(Kind.HOME.label()) && c.hop().equals(Report.DIRECT))
            .mapToInt(Report.Capacity::capacity)
            .findFirst()
            .orElse(0);
    int fanOutRate = Math.max(plan.startRate() / 2, directHome / 4);
    Step fanOutStep =
        measure(Report.DIRECT, URI.create(hops.get(Report.DIRECT)), Kind.HOME, fanOutRate, fixture);
    Report.FanOut fanOut = Report.FanOut.of(fanOutStep);

    List<Report.Ratio> ratios = Report.ratios(capacities);
    machine.put("load_average_after", loadAverage());
    Report report =
        new Report(
            machine,
            profile,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            gitRev(),
            options.quick() ? "quick" : "full",
            definitions(plan),
            ceiling,
            hops,
            capacities,
            ratios,
            fanOut,
            Report.goals(ratios, fanOut));
    Path dir = root.resolve("target/bench");
    Path json = report.write(dir);
    System.out.println();
    System.out.print(Summary.of(report));
    say("reports: " + json + " and " + dir.resolve("bench.html"));
    if (options.compare() != null) {
      JsonNode diff = Compare.diff(Compare.read(options.compare()), Compare.read(json));
      try {
        Report.JSON.writeValue(dir.resolve("compare.json").toFile(), diff);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot write " + dir.resolve("compare.json"), e);
      }
      System.out.println();
      System.out.print(Compare.table(diff));
      say("comparison: " + dir.resolve("compare.json"));
    }
  }

  private Step measure(String hop, URI base, Kind kind, int rate, Fixture fixture) {
    Options.Plan plan = options.plan();
    Map<String, Long> cpuBefore = cpu.sample();
    Step measured =
        client.run(
            hop,
            kind,
            rate,
            plan.step(),
            (n, timeout) -> fixture.request(kind, base, n, timeout),
            response ->
                ServerTiming.slowestMicros(
                    response.headers().firstValue(ServerTiming.HEADER).orElse(null)));
    Step step =
        measured.withCpu(
            ProcessCpu.perRequest(
                cpuBefore, cpu.sample(), measured.sent(), measured.clientCpuMs()));
    say(
        String.format(
            Locale.ROOT,
            "  %-8s %-7s %5d/s: %7.1f/s answered, p50 %7.1f ms, p99 %7.1f ms%s%s%s",
            kind.label(),
            hop,
            rate,
            step.throughput(),
            step.latency().p50(),
            step.latency().p99(),
            step.cpuMsPerRequest().containsKey(ProcessCpu.ALL)
                ? String.format(
                    Locale.ROOT, ", %.1f ms CPU each", step.cpuMsPerRequest().get(ProcessCpu.ALL))
                : "",
            step.errors().isEmpty() ? "" : ", errors " + step.errors(),
            step.keptSlo() ? "" : "  ✗"));
    // After an overloaded step the hop is still working off what was given up on: let it drain,
    // or the next step measures this one's backlog.
    pause(plan.pause());
    if (!step.keptSlo()) {
      awaitQuiet(hop, base, fixture);
    }
    return step;
  }

  /** How fast a member read must answer, several times running, for a hop to count as quiet. */
  private static final Duration QUIET = Duration.ofMillis(100);

  private static final int QUIET_TIMES = 3;
  private static final Duration QUIET_LIMIT = Duration.ofSeconds(10);

  /**
   * Waits until the hop answers member reads quickly again (at most {@link #QUIET_LIMIT}): what an
   * overloaded step or the warm-up left queued is worked off before the next step starts.
   */
  private void awaitQuiet(String hop, URI base, Fixture fixture) {
    long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
    int quick = 0;
    long n = 0;
    while (quick < QUIET_TIMES && System.nanoTime() < deadline) {
      long took = client.probe(fixture.request(Kind.MEMBER, base, n++, Duration.ofSeconds(5)), 200);
      quick = took >= 0 && took <= QUIET.toNanos() ? quick + 1 : 0;
      pause(Duration.ofMillis(200));
    }
    if (quick < QUIET_TIMES) {
      say("  " + hop + " still answers slowly after " + QUIET_LIMIT.toSeconds() + " s; going on");
    }
  }

  /** The client alone: the same search against nginx's health page, which nothing limits. */
  private Report.Client clientCeiling(URI health) throws InterruptedException {
    Options.Plan plan = options.plan();
    // the client's own code warms up first: a cold JIT would be measured as the client's ceiling
    client.run(
        "client",
        Kind.SEARCH,
        500,
        Duration.ofSeconds(2),
        (n, timeout) -> HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
        response -> -1);
    pause(plan.pause());
    CapacitySearch.Result<Step> result =
        CapacitySearch.search(
            500,
            16_000,
            plan.bisections(),
            rate -> {
              Step step =
                  client.run(
                      "client",
                      Kind.SEARCH,
                      rate,
                      Duration.ofSeconds(1),
                      (n, timeout) -> HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
                      response -> -1);
              say(
                  String.format(
                      Locale.ROOT,
                      "  client   health  %5d/s: %7.1f/s answered, p99 %6.1f ms, %.0f ms CPU%s",
                      rate,
                      step.throughput(),
                      step.latency().p99(),
                      step.clientCpuMs(),
                      step.errors().isEmpty() ? "" : ", errors " + step.errors()));
              pause(plan.pause());
              return new CapacitySearch.Outcome<>(rate, step.keptSlo(), step);
            });
    Step at = result.atCapacity();
    double cpuPerRequest =
        at == null ? 0 : Math.round(at.clientCpuMs() / at.sent() * 1000) / 1000.0;
    return new Report.Client(
        "nginx " + health.getPath() + " (never limited)",
        result.capacity(),
        cpuPerRequest,
        result.steps().stream().map(CapacitySearch.Outcome::step).toList());
  }

  /**
   * Every class through the hop at once, unmeasured: JIT, pools and caches warm before any step.
   */
  private void warmUp(String hop, URI base, Fixture fixture) throws InterruptedException {
    Options.Plan plan = options.plan();
    say(
        "warming up "
            + hop
            + " ("
            + plan.warmUp().toSeconds()
            + " s, every class at "
            + plan.warmUpRate()
            + "/s)");
    List<Thread> threads = new ArrayList<>();
    for (Kind kind : Kind.ALL) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () ->
                      client.run(
                          hop,
                          kind,
                          kind == Kind.REGISTER
                              ? Math.max(1, plan.warmUpRate() / 4)
                              : plan.warmUpRate(),
                          plan.warmUp(),
                          (n, timeout) -> fixture.request(kind, base, n, timeout),
                          response -> -1)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    // the warm-up may have queued more than a cold hop serves at once: let it drain first
    awaitQuiet(hop, base, fixture);
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String firstHealthy(JsonNode status, String component) {
    for (JsonNode instance : status.path("instances")) {
      if (instance.path("component").asText().equals(component)
          && instance.path("healthy").asBoolean()) {
        return instance.path("address").asText();
      }
    }
    throw new NoCluster(
        "no healthy "
            + component
            + " in ./tandem status: wait for ./tandem up to finish, or ./tandem start it");
  }

  private static Map<String, Object> definitions(Options.Plan plan) {
    Map<String, Object> definitions = new LinkedHashMap<>();
    definitions.put(
        "capacity",
        "capacity at SLO: the highest arrival rate (open model, latency from each request's intended"
            + " send time) whose step kept p99 <= "
            + Step.SLO_P99_MS
            + " ms with no error of any kind (429s included); rates double from "
            + plan.startRate()
            + "/s up to "
            + plan.maxRate()
            + "/s until a step fails, then "
            + plan.bisections()
            + " bisections; every hop and class searched the same way");
    definitions.put(
        "ratio",
        "at equal p99: a hop's throughput in its capacity step divided by direct's in its own"
            + " capacity step; both steps kept the same p99 bound");
    definitions.put(
        "fan_out",
        "home page latency (client, direct to site-service, at a quarter of its capacity) against"
            + " the slowest of its parallel dependency calls as site-service's Server-Timing header"
            + " reports it, per page, at the same percentile");
    definitions.put(
        "cpu_ms_per_request",
        "milliseconds of CPU per request sent in the step at capacity, by component: user and"
            + " system time of each instance's process and those below it, from /proc; 'rest' is"
            + " the machine's busy time less the components' and the client's (the kernel's"
            + " network work, supervisord, other processes), 'all' the machine's less the"
            + " client's; in 10-ms clock ticks");
    definitions.put("step_seconds", plan.step().toMillis() / 1000.0);
    definitions.put("slo_p99_ms", Step.SLO_P99_MS);
    return definitions;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      machine.put("memory_gib", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
    }
    machine.put("java", Runtime.version().toString());
    machine.put("load_average_before", loadAverage());
    return machine;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).strip();
    } catch (java.io.IOException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private String gitRev() {
    try {
      Process git =
          new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty")
              .redirectErrorStream(true)
              .start();
      String rev = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.waitFor() == 0 ? rev : "unknown";
    } catch (java.io.IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
