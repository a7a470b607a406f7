package dev.tandem.platform.testing;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Network.Ipam;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The middleware of the compose {@code lite} cluster as Testcontainers, for integration tests on a
 * machine with a Docker-compatible engine and no {@code ./tandem} cluster. {@code
 * docker-compose.yml} is the one description: each container is its compose service (image,
 * command, environment, tmpfs, the configs {@code ./tandem compose render} wrote, and its address
 * on the compose subnet), so the endpoints are the ones {@code ./tandem compose env} prints and
 * every config reads as it does natively. The middleware is what compose does not build from this
 * repository (nginx, in front of the services, is left out with them).
 *
 * <p>One set per JVM, started at first use and removed when the JVM ends (by Ryuk, or by
 * Testcontainers' shutdown hook where Ryuk is disabled). Elasticsearch starts only when a test asks
 * for an endpoint that names it: it takes longest, and only promotion-service searches.
 *
 * <p>Tests reach the containers at their own addresses, as the services do, because Sentinel hands
 * out the Redis master's address and Kafka its advertised listener: those must work from the test.
 * On Linux a container's address is routable from the engine's network namespace; on Docker Desktop
 * it is not (the containers live in a VM), and these tests cannot run there as they are.
 */
final class TandemContainers {

  /** Started when a test asks for them, not with the rest (component names, as in topology.yml). */
  private static final Set<String> ON_DEMAND = Set.of("elasticsearch");

  /** A compose service's extension field: the image lite's tests run instead of its build. */
  static final String TESTCONTAINERS_IMAGE = "x-testcontainers-image";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::-([^}]*))?}");

  private static final Pattern ADDRESS = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b");

  private final Path root;
  private final Map<String, Map<String, Object>> middleware;
  private final Network network;
  private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
  private final Map<String, String> endpoints;

  private TandemContainers(
      Path root,
      Map<String, Map<String, Object>> middleware,
      String subnet,
      Map<String, String> env) {
    this.root = root;
    this.middleware = middleware;
    this.network =
        Network.builder()
            .createNetworkCmdModifier(
                cmd -> cmd.withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet(subnet))))
            .build();
    this.endpoints = new HashMap<>(env);
  }

  /**
   * Whether Testcontainers finds a Docker-compatible engine ({@code DOCKER_HOST} or the default).
   */
  static boolean engineAnswers() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /**
   * The containers of docker-compose.yml's middleware, the first of them started, and the endpoints
   * {@code composeEnv} lists ({@code ./tandem compose env}'s lines), with this JVM's address on the
   * containers' network as {@code TANDEM_MACHINE_ADDRESS}.
   */
  static TandemContainers start(Path root, Map<String, String> composeEnv) {
    Map<String, Object> compose = yaml(root.resolve("docker-compose.yml"));
    Map<String, Map<String, Object>> middleware =
        middleware(root, "offline".equals(System.getenv("TANDEM_IMAGES")));
    String subnet = subnet(compose);
    TandemContainers containers = new TandemContainers(root, middleware, subnet, composeEnv);
    containers.startAll(
        middleware.keySet().stream().filter(name -> !ON_DEMAND.contains(component(name))).toList());
    containers.endpoints.remove(
        "TANDEM_URL"); // no entry point: nginx and the services are not here
    containers.endpoints.put("TANDEM_RUNTIME", "testcontainers");
    containers.endpoints.put("TANDEM_MACHINE_ADDRESS", containers.gateway());
    return containers;
  }

  /**
   * docker-compose.yml's middleware services by name, with the offline images when {@code offline}:
   * the services of the {@code lite} profile that compose does not build from this repository and
   * that need none that it does. Other profiles' services (Nacos, say) are not what the ITs use.
   */
  static Map<String, Map<String, Object>> middleware(Path root, boolean offline) {
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    section(yaml(root.resolve("docker-compose.yml")), "services")
        .forEach(
            (name, service) -> {
              if (list(service.get("profiles")).isEmpty()
                  || list(service.get("profiles")).contains("lite")) {
                services.put(name, service);
              }
            });
    // a middleware image compose builds (a MySQL host with its guard for ha) names the official
    // image that does for lite's tests
    services.forEach(
        (name, service) -> {
          if (service.get(TESTCONTAINERS_IMAGE) != null) {
            service.put("image", service.get(TESTCONTAINERS_IMAGE));
            service.remove("build");
          }
        });
    if (offline) {
      section(yaml(root.resolve("docker-compose.offline.yml")), "services")
          .forEach(
              (name, override) -> {
                if (services.containsKey(name) && override.get("image") != null) {
                  services.get(name).put("image", override.get("image"));
                }
              });
    }
    Map<String, Map<String, Object>> middleware = new LinkedHashMap<>();
    services.forEach(
        (name, service) -> {
          if (inLite(service) && !builtHere(name, services)) {
            middleware.put(name, service);
          }
        });
    return middleware;
  }

  static String subnet(Map<String, Object> compose) {
    Map<String, Object> ipam = map(section(compose, "networks").get("tandem").get("ipam"));
    return String.valueOf(map(list(ipam.get("config")).getFirst()).get("subnet"));
  }

  Map<String, String> endpoints() {
    return endpoints;
  }

  /** Starts, once, the containers at the addresses {@code value} names (an endpoint's value). */
  synchronized void startNamedIn(String value) {
    List<String> named = new ArrayList<>();
    Matcher addresses = ADDRESS.matcher(value);
    while (addresses.find()) {
      middleware.forEach(
          (name, service) -> {
            if (addresses.group().equals(address(service)) && !containers.containsKey(name)) {
              named.add(name);
            }
          });
    }
    startAll(named);
  }

  private void startAll(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    List<GenericContainer<?>> starting = new ArrayList<>();
    for (String name : names) {
      starting.add(container(name));
    }
    long began = System.nanoTime();
    Startables.deepStart(starting).join();
    System.out.printf(
        "tandem: started %s as containers in %d ms%n",
        names, Duration.ofNanos(System.nanoTime() - began).toMillis());
  }

  /** The container of compose service {@code name} (and those it depends on), made once. */
  @SuppressWarnings("resource") // removed with the JVM, by Ryuk or Testcontainers' shutdown hook
  private GenericContainer<?> container(String name) {
    GenericContainer<?> existing = containers.get(name);
    if (existing != null) {
      return existing;
    }
    Map<String, Object> service = middleware.get(name);
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(String.valueOf(service.get("image"))))
            .withNetwork(network)
            .withNetworkAliases(name)
            .waitingFor(new Probe(name, service, path -> hostPath(service, path)));
    for (String dependency : dependencies(service)) {
      container.dependsOn(container(dependency));
    }
    environment(service).forEach(container::withEnv);
    Map<String, String> tmpfs = new LinkedHashMap<>();
    list(service.get("tmpfs")).forEach(path -> tmpfs.put(String.valueOf(path), "rw"));
    container.withTmpFs(tmpfs);
    for (Object volume : list(service.get("volumes"))) {
      String[] parts = String.valueOf(volume).split(":");
      Path source = root.resolve(parts[0]).normalize();
      if (!Files.exists(source)) {
        throw new IllegalStateException(
            source
                + " is missing: render the compose configs first, with `./tandem compose render`");
      }
      BindMode mode =
          parts.length > 2 && parts[2].equals("ro") ? BindMode.READ_ONLY : BindMode.READ_WRITE;
      container.withFileSystemBind(source.toString(), parts[1], mode);
    }
    if (service.get("command") != null) {
      container.withCommand(words(service.get("command")));
    }
    container.withCreateContainerCmdModifier(
        cmd -> {
          cmd.withIpv4Address(address(service));
          if (service.get("entrypoint") != null) {
            cmd.withEntrypoint(words(service.get("entrypoint")));
          }
          if (service.get("user") != null) {
            cmd.withUser(String.valueOf(service.get("user")));
          }
          if (Boolean.TRUE.equals(service.get("init"))) {
            cmd.getHostConfig().withInit(true);
          }
        });
    containers.put(name, container);
    return container;
  }

  /** A path inside a compose service's container, on this machine: through its binds. */
  private Path hostPath(Map<String, Object> service, String path) {
    for (Object volume : list(service.get("volumes"))) {
      String[] parts = String.valueOf(volume).split(":");
      if (path.startsWith(parts[1] + "/")) {
        return root.resolve(parts[0]).resolve(path.substring(parts[1].length() + 1)).normalize();
      }
    }
    throw new IllegalStateException(path + " is in no bind of the container");
  }

  /** This JVM's address on the containers' network: the network's gateway. */
  private String gateway() {
    return DockerClientFactory.instance()
        .client()
        .inspectNetworkCmd()
        .withNetworkId(network.getId())
        .exec()
        .getIpam()
        .getConfig()
        .getFirst()
        .getGateway();
  }

  private static boolean inLite(Map<String, Object> service) {
    return list(service.getOrDefault("profiles", List.of("lite"))).contains("lite");
  }

  /** Compose services built from this repository, or needing one that is: not middleware. */
  private static boolean builtHere(String name, Map<String, Map<String, Object>> services) {
    Map<String, Object> service = services.get(name);
    return service.containsKey("build")
        || dependencies(service).stream().anyMatch(dependency -> builtHere(dependency, services));
  }

  private static List<String> dependencies(Map<String, Object> service) {
    Object dependsOn = service.get("depends_on");
    if (dependsOn instanceof Map<?, ?> byName) {
      return byName.keySet().stream().map(String::valueOf).toList();
    }
    return list(dependsOn).stream().map(String::valueOf).toList();
  }

  static String address(Map<String, Object> service) {
    return String.valueOf(map(map(service.get("networks")).get("tandem")).get("ipv4_address"));
  }

  /** The instance's component: its name without the instance number ({@code mysql-0-1}: mysql). */
  private static String component(String name) {
    return name.replaceAll("(-\\d+)+$", "");
  }

  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Object declared = service.get("environment");
    if (declared instanceof Map<?, ?> byName) {
      byName.forEach((k, v) -> environment.put(String.valueOf(k), String.valueOf(v)));
    } else {
      for (Object entry : list(declared)) {
        String[] pair = String.valueOf(entry).split("=", 2);
        environment.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    }
    return environment;
  }

  private static String[] words(Object command) {
    if (command instanceof List<?> list) {
      return list.stream().map(String::valueOf).toArray(String[]::new);
    }
    return String.valueOf(command).trim().split("\\s+");
  }

  /**
   * A compose file as compose reads it for lite: {@code ${NAME:-default}} replaced (TANDEM_PROFILE
   * by lite, others by the environment or their default), its anchors expanded.
   */
  static Map<String, Object> yaml(Path file) {
    try {
      String text = Files.readString(file);
      Matcher variable = VARIABLE.matcher(text);
      StringBuilder interpolated = new StringBuilder();
      while (variable.find()) {
        String value =
            variable.group(1).equals("TANDEM_PROFILE")
                ? "lite"
                : Optional.ofNullable(System.getenv(variable.group(1)))
                    .orElse(Optional.ofNullable(variable.group(2)).orElse(""));
        variable.appendReplacement(interpolated, Matcher.quoteReplacement(value));
      }
      variable.appendTail(interpolated);
      LoaderOptions options = new LoaderOptions();
      // one anchor per group, used by every container of it
      options.setMaxAliasesForCollections(500);
      return new Yaml(options).load(interpolated.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> section(Map<String, Object> yaml, String key) {
    return (Map<String, Map<String, Object>>) yaml.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  /**
   * The service's compose health check ({@code tandem-probe KIND HOST PORT [PATH REGEX]}), run from
   * this JVM rather than inside the container: ready means ready for the tests, at the address they
   * use. It waits as long as compose would: start period plus retries times the interval.
   */
  private static final class Probe extends AbstractWaitStrategy {

    private final String name;
    private final List<String> check;

    /** Where a path inside the container is on this machine (its binds). */
    private final java.util.function.Function<String, Path> hostPath;

    Probe(
        String name,
        Map<String, Object> service,
        java.util.function.Function<String, Path> hostPath) {
      this.name = name;
      this.hostPath = hostPath;
      Map<String, Object> healthcheck = map(service.get("healthcheck"));
      List<String> test = list(healthcheck.get("test")).stream().map(String::valueOf).toList();
      int probe = test.indexOf("tandem-probe");
      if (probe < 0) {
        throw new IllegalStateException(
            name + "'s health check does not use tandem-probe: " + test);
      }
      this.check = test.subList(probe + 1, test.size());
      Object retries = healthcheck.getOrDefault("retries", 3);
      withStartupTimeout(
          seconds(healthcheck.get("start_period"))
              .plus(
                  seconds(healthcheck.getOrDefault("interval", "30s"))
                      .multipliedBy(Integer.parseInt(String.valueOf(retries)))));
    }

    @Override
    protected void waitUntilReady() {
      AtomicReference<String> last = new AtomicReference<>("nothing yet");
      try {
        await()
            .atMost(startupTimeout)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException(name + " stopped: " + logs());
                  }
                  try {
                    return answers();
                  } catch (IOException e) {
                    last.set(e.toString());
                    return false;
                  }
                });
      } catch (ConditionTimeoutException e) {
        throw new ContainerLaunchException(
            name
                + " did not pass its health check ("
                + String.join(" ", check)
                + ") from this JVM within "
                + startupTimeout.toSeconds()
                + " s; last: "
                + last.get()
                + ". Its address must be reachable from here (Linux, or the engine's own network"
                + " namespace; not Docker Desktop). Its log ends: "
                + logs());
      }
    }

    private boolean answers() throws IOException {
      if (check.getFirst().equals("all")) {
        for (String line : Files.readAllLines(hostPath.apply(check.get(1)))) {
          String[] target = line.trim().split("\\s+");
          if (target.length == 2) {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress(target[0], Integer.parseInt(target[1])), 1000);
            }
          }
        }
        return true;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(check.get(1), Integer.parseInt(check.get(2))), 1000);
        socket.setSoTimeout(2000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        return switch (check.getFirst()) {
          case "tcp" -> true;
          case "zookeeper" -> {
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            yield new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("Mode");
          }
          case "http" -> {
            out.write(
                ("GET " + check.get(3) + " HTTP/1.0\r\nHost: " + check.get(1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            yield Pattern.compile(check.get(4))
                .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .find();
          }
          default -> throw new IllegalStateException("unknown tandem-probe kind " + check);
        };
      }
    }

    private String logs() {
      String logs = waitStrategyTarget.getLogs();
      return logs.substring(Math.max(0, logs.length() - 2000));
    }

    private static Duration seconds(Object value) {
      if (value == null) {
        return Duration.ZERO;
      }
      Matcher m = Pattern.compile("(\\d+)(ms|s|m)").matcher(String.valueOf(value));
      if (!m.matches()) {
        throw new IllegalStateException("cannot read the duration " + value);
      }
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
  }
}
