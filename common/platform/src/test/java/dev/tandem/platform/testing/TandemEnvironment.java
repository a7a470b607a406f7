package dev.tandem.platform.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where integration tests find real middleware on a machine without Docker: the cluster that {@code
 * ./tandem} runs, read from {@code TANDEM_*} environment variables when set (as {@code ./tandem
 * test} sets them), else from {@code ./tandem env}. Without either a test fails, naming the command
 * to run: it never skips.
 */
public final class TandemEnvironment {

  private static Map<String, String> endpoints;

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
    return value;
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
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "integration tests need real middleware: no Docker engine here and no Tandem cluster is up;"
                + " start one with `sudo ./tandem up lite` (or run `sudo ./tandem test`).\n"
                + output);
      }
      Map<String, String> endpoints = new HashMap<>();
      output
          .lines()
          .filter(line -> line.matches("TANDEM_[A-Z0-9_]+=.*"))
          .forEach(
              line ->
                  endpoints.put(
                      line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
      return endpoints;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + tandem + " env: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking ./tandem env", e);
    }
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
