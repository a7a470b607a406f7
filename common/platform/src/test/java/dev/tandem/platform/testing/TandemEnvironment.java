package dev.tandem.platform.testing;

import dev.tandem.platform.endpoints.EndpointLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where integration tests find real middleware, in this order: {@code TANDEM_*} environment
 * variables when set (as {@code ./tandem test} sets them); else the running {@code ./tandem}
 * cluster, from {@code ./tandem env}; else, where a Docker-compatible engine answers ({@code
 * DOCKER_HOST} or the default socket), the compose {@code lite} cluster's middleware started as
 * Testcontainers ({@link TandemContainers}), with the same keys. Without any of them a test fails,
 * naming both ways to fix it: it never skips.
 */
public final class TandemEnvironment {

  private static Map<String, String> endpoints;
  private static TandemContainers containers;

  private TandemEnvironment() {}

  /**
   * The value of a {@code TANDEM_*} endpoint, e.g. {@code get("TANDEM_KAFKA_BOOTSTRAP_SERVERS")}.
   */
  public static synchronized String get(String key) {
    if (endpoints == null) {
      endpoints = load();
    }
    String value = endpoints.get(key);
    if (value == null) {
      throw new IllegalStateException(
          key + " is not among the cluster's endpoints " + endpoints.keySet());
    }
    if (containers != null) {
      containers.startNamedIn(value);
    }
    return value;
  }

  /** The value of an endpoint that only some runtimes print, e.g. {@code TANDEM_RUNTIME}. */
  public static synchronized Optional<String> find(String key) {
    if (endpoints == null) {
      endpoints = load();
    }
    return Optional.ofNullable(endpoints.get(key));
  }

  private static Map<String, String> load() {
    Map<String, String> fromEnvironment = new HashMap<>();
    System.getenv()
        .forEach(
            (key, value) -> {
              if (key.startsWith("TANDEM_")) {
                fromEnvironment.put(key, value);
              }
            });
    if (fromEnvironment.containsKey("TANDEM_URL")) {
      return fromEnvironment;
    }
    Path tandem = root().resolve("tandem");
    try {
      Process process =
          new ProcessBuilder(tandem.toString(), "env").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
        return keys(output);
      }
      if (!onContainers()) {
        throw new IllegalStateException(
            "integration tests need real middleware: no Tandem cluster is up; start one with `sudo"
                + " ./tandem up lite` (or run `sudo ./tandem test`). This module's tests do not run"
                + " on containers: Testcontainers is not among its test dependencies.\n"
                + "./tandem env said: "
                + output);
      }
      if (TandemContainers.engineAnswers()) {
        containers = TandemContainers.start(root(), keys(tandem("compose", "env")));
        return containers.endpoints();
      }
      throw new IllegalStateException(
          "integration tests need real middleware, and there is none here: no Tandem cluster is up"
              + " and no Docker-compatible engine answers. Either start a cluster, `sudo ./tandem"
              + " up lite` (or run `sudo ./tandem test`), or point DOCKER_HOST at a Docker-compatible"
              + " engine (Docker, or podman's API: `sudo ./tandem containers up` prints one) and"
              + " render the containers' configs with `./tandem compose render`.\n./tandem env said: "
              + output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + tandem + " env: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking ./tandem env", e);
    }
  }

  /**
   * Whether this module's tests may run on containers: Testcontainers is on its test classpath
   * (test scope does not travel with the platform's test-jar; modules opt in by depending on it).
   */
  private static boolean onContainers() {
    try {
      Class.forName(
          "org.testcontainers.DockerClientFactory",
          false,
          TandemEnvironment.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The output of {@code ./tandem ARGS}, which must succeed. */
  private static String tandem(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(root().resolve("tandem").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  private static Map<String, String> keys(String output) {
    return EndpointLines.parse(output);
  }

  /** The repository root: the nearest directory upwards that holds the {@code tandem} script. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isExecutable(dir.resolve("tandem"))
          && Files.exists(dir.resolve("infra/topology.yml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    return Optional.ofNullable(System.getenv("TANDEM_ROOT"))
        .map(Path::of)
        .orElseThrow(
            () -> new IllegalStateException("cannot find the repository root (the tandem script)"));
  }
}
