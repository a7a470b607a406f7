package dev.tandem.launcher.product.service;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Proc;
import dev.tandem.launcher.cluster.Product;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Tokens;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Wire;
import dev.tandem.platform.endpoints.EndpointLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of Tandem's own services, run from its executable jar on its host. It learns every middleware
 * endpoint from the same {@code TANDEM_*} variables that {@code ./tandem env} prints, plus its own
 * address ({@code TANDEM_HOST_ADDRESS}), which it registers in the registry.
 */
public final class Service implements Product {

  static final int DUBBO_PORT = 20880;

  /**
   * Actuator's port on every service host. Spring Boot serves /actuator on the service port unless
   * told otherwise (so tests and a laptop need nothing); the cluster moves it here, where neither
   * nginx nor the gateway routes: a path like {@code /api/../actuator/env} can reach no actuator.
   */
  public static final int MANAGEMENT_PORT = 8081;

  /** Which passwords each service is given (by variable prefix); the others get none. */
  private static final Map<String, List<String>> PASSWORDS =
      Map.of(
          "member-service", List.of("TANDEM_MYSQL_", "TANDEM_REDIS_"),
          "promotion-service", List.of("TANDEM_MYSQL_"),
          // risk control's counters, shared by the gateway instances
          "gateway", List.of("TANDEM_REDIS_"));

  /** A training run builds the whole context, then the JVM writes the cache: both take a while. */
  private static final Duration TRAINING_LIMIT = Duration.ofSeconds(300);

  private final String component;
  private AotCache aotCache;

  public Service(String component) {
    this.component = component;
  }

  @Override
  public String component() {
    return component;
  }

  public static Path jar(Cluster cluster, String module) {
    return cluster.root.resolve(module).resolve("target").resolve(module + ".jar");
  }

  @Override
  public List<String> endpoints(Context context) {
    return List.of(
        // Where each service answers /actuator (health, info, metrics): its own address, this
        // port. Never the service port, so nothing routed from the entry URL reaches an actuator.
        "TANDEM_MANAGEMENT_PORT=" + MANAGEMENT_PORT,
        // How many instances share a service's work: the gateways enforce their share of risk
        // control's limits alone while Redis cannot decide (dev.tandem.gateway.risk.LocalCounters).
        "TANDEM_"
            + component.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
            + "_INSTANCES="
            + context.topology().of(component).size());
  }

  @Override
  public Map<String, String> render(Context context, Instance instance, Facts facts) {
    return Map.of();
  }

  @Override
  public void prepare(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Path jar = jar(cluster, component);
    if (!Files.exists(jar)) {
      throw new LauncherException(
          jar + " is missing; build it with ./mvnw -DskipTests package -pl " + component + " -am");
    }
    try {
      installJar(cluster, jar);
      Files.createDirectories(cluster.run(instance).resolve("home"));
      Files.createDirectories(cluster.run(instance).resolve("tmp"));
      Files.write(launchArguments(cluster, instance), launch(context, instance));
    } catch (IOException e) {
      throw new LauncherException(
          "cannot prepare " + cluster.run(instance) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Instances run from a copy of the build's jar, so that a build while the cluster runs (say,
   * {@code ./tandem test}) never rewrites a jar under a running JVM; each start takes the newest.
   */
  private synchronized void installJar(Cluster cluster, Path built) throws IOException {
    Path installed = installed(cluster);
    if (Files.exists(installed)
        && Files.size(installed) == Files.size(built)
        && Files.getLastModifiedTime(installed).equals(Files.getLastModifiedTime(built))) {
      return;
    }
    Files.createDirectories(installed.getParent());
    Path partial = installed.resolveSibling(installed.getFileName() + ".partial");
    Files.copy(
        built, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    Files.move(
        partial, installed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Path installed(Cluster cluster) {
    return cluster.state.resolve("apps").resolve(component + ".jar");
  }

  @Override
  public Supervisor.Program program(Context context, Instance instance) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions(context, instance));
    // the jar and its AOT cache, chosen anew by prepare() before each start: see AotCache
    command.add("@" + launchArguments(context.cluster(), instance));
    Map<String, String> environment = new LinkedHashMap<>(environment(context, instance));
    // Natively, start and the rolling restart run a starting instance at
    // ProcessGroup.STARTING_NICE: it returns to this itself the moment it can be found
    // (dev.tandem.platform.warmup). Not for compose, whose env files share environment().
    environment.put("TANDEM_NICE_WHEN_SERVING", "0");
    return new Supervisor.Program(
        instance.name(),
        context.network().exec(instance.host(), command.toArray(String[]::new)),
        environment,
        stopWaitSeconds());
  }

  private static String java() {
    return System.getProperty("java.home") + "/bin/java";
  }

  /** The JVM's options, the same for the training run as for the service it trains for. */
  private static List<String> jvmOptions(Context context, Instance instance) {
    Path run = context.cluster().run(instance);
    return List.of(
        instance.heap().initialOption(),
        instance.heap().maxOption(),
        "-XX:+UseSerialGC",
        jit(instance),
        "-XX:+ExitOnOutOfMemoryError",
        // Dubbo 3.3.5 looks for fastjson 1 on JDK 25 unless told otherwise, before Spring runs
        "-Ddubbo.json-framework.prefer=fastjson2",
        // Dubbo, Nacos and Sentinel keep caches and logs under user.home: one per instance
        "-Duser.home=" + run.resolve("home"),
        "-Djava.io.tmpdir=" + run.resolve("tmp"));
  }

  /** The one service whose JIT goes up to C2: every request through nginx passes through it. */
  static final String FULL_JIT = "gateway";

  /**
   * C1 only, no C2, for the services behind the gateway: the native cluster puts ten or more JVMs
   * on a few cores, where C2 kept compiling for minutes after each start and cost as much CPU as
   * the requests did. On 2 cores a home page took 63 ms of CPU (every process of lite) by its 900th
   * request with C2 in every service and 44 ms without; start-ups were faster and each service's
   * RSS ~50 MiB smaller (FINDINGS.md, "JIT on the native cluster").
   *
   * <p>The gateway keeps C2: it runs no business code, only the reactive chain (token, risk
   * control, Sentinel, routing) on every request, which C2 compiles much better. Measured with
   * {@code bench --quick} on lite, in ms of the gateway's CPU per request: member read 2.10 on C2
   * against 3.78 on C1, home page 3.08 against 4.94, claim 4.81 against 6.13 (README, Benchmark).
   */
  private static String jit(Instance instance) {
    return instance.component().equals(FULL_JIT)
        ? "-XX:TieredStopAtLevel=4"
        : "-XX:TieredStopAtLevel=1";
  }

  /** A java argument file: the JVM reads it at each start, so prepare() can change the jar. */
  private static Path launchArguments(Cluster cluster, Instance instance) {
    return cluster.run(instance).resolve("launch.args");
  }

  /**
   * Which jar the instance runs and with which AOT cache. The plain jar unless {@code
   * TANDEM_AOT_CACHE=on} is in the launcher's environment: the cache starts a quiet member-service
   * in 27 s instead of 44, but its training adds about 250 s to the first {@code up} after each
   * build, and in drills on 2 cores the services answered fewer requests with it (README,
   * Start-up).
   */
  private List<String> launch(Context context, Instance instance) {
    Path jar = installed(context.cluster());
    if (!aotCacheWanted(System.getenv("TANDEM_AOT_CACHE"))) {
      return List.of("-jar", jar.toString());
    }
    Map<String, String> environment = environment(context, instance);
    return aotCache(context.cluster())
        .launch(
            jar,
            jvmOptions(context, instance),
            options -> {
              List<String> command = new ArrayList<>();
              command.add(java());
              command.addAll(options);
              return Proc.run(
                  context.network().exec(instance.host(), command.toArray(String[]::new)),
                  environment,
                  TRAINING_LIMIT);
            });
  }

  /** {@code TANDEM_AOT_CACHE}: unset or {@code off} runs the plain jar, {@code on} the cache. */
  public static boolean aotCacheWanted(String setting) {
    if (setting == null || setting.isBlank() || setting.strip().equals("off")) {
      return false;
    }
    if (setting.strip().equals("on")) {
      return true;
    }
    throw new LauncherException(
        "TANDEM_AOT_CACHE must be on or off, not '" + setting + "'; unset it for the plain jar");
  }

  private synchronized AotCache aotCache(Cluster cluster) {
    if (aotCache == null) {
      aotCache = new AotCache(cluster.state.resolve("apps").resolve(component), component, java());
    }
    return aotCache;
  }

  /**
   * What the instance is told: every endpoint {@code ./tandem env} prints (only the passwords of
   * what it uses), its own address and ports. The native cluster and docker-compose give the same.
   */
  public Map<String, String> environment(Context context, Instance instance) {
    Cluster cluster = context.cluster();
    Map<String, String> environment = new LinkedHashMap<>();
    EndpointLines.parse(String.join("\n", Endpoints.of(context).lines()))
        .forEach(
            (key, value) -> {
              // a service sees only the passwords of what it uses
              if (!key.endsWith("_PASSWORD")
                  || PASSWORDS.getOrDefault(component, List.of()).stream()
                      .anyMatch(key::startsWith)) {
                environment.put(key, value);
              }
            });
    environment.put("TANDEM_HOST_ADDRESS", instance.address());
    environment.put("TANDEM_INSTANCE", instance.name());
    environment.put("SERVER_PORT", Integer.toString(instance.port()));
    environment.put("DUBBO_PROTOCOL_PORT", Integer.toString(DUBBO_PORT));
    environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(MANAGEMENT_PORT));
    environment.put("TANDEM_DUBBO_TOKEN", Tokens.dubboToken(cluster));
    return environment;
  }

  /** Graceful shutdown leaves the registry, waits for consumers to notice, then drains. */
  @Override
  public int stopWaitSeconds() {
    return 45;
  }

  @Override
  public Map<String, Probe> probe(Context context, List<Instance> instances) {
    Map<String, Probe> probes = new HashMap<>();
    for (Instance instance : instances) {
      try {
        Wire.Response response =
            Wire.get(
                "http://"
                    + instance.address()
                    + ":"
                    + MANAGEMENT_PORT
                    + "/actuator/health/readiness");
        boolean ready = response.statusCode() == 200 && response.body().contains("\"UP\"");
        probes.put(
            instance.name(),
            ready
                ? new Probe(true, "stable", "")
                : Probe.down("readiness HTTP " + response.statusCode()));
      } catch (IOException e) {
        probes.put(instance.name(), Probe.down(String.valueOf(e.getMessage())));
      }
    }
    return probes;
  }

  @Override
  public Optional<String> notReady(
      Context context, List<Instance> instances, Map<String, Probe> probes) {
    return Product.allHealthy(instances, probes, "ready");
  }
}
