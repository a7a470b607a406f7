package dev.tandem.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.endpoints.EndpointLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The drills' hands on the cluster: {@code ./tandem} commands and what they report. */
public final class Tandem {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path script;
  private Map<String, String> env;

  public Tandem(Path root) {
    this.script = root.resolve("tandem");
  }

  /**
   * The drills run {@code ./tandem} in a session of its own whose CPU share is the smallest there
   * is. Each call is a launcher JVM (some 2 s of CPU on a 2-core machine), and the drills call it
   * inside the windows they measure: {@code kill}, {@code isolate}, {@code heal}, {@code start}. CI
   * runs timed out requests sent in the 3 s before a kill, while its launcher ran. A plain {@code
   * nice} is not enough where the kernel groups CPU time by session (autogroup, the default of most
   * distributions): the cluster's processes share the session supervisord made, and a launcher in
   * the drills' session got as much CPU as that whole group (measured: 30-66 % of a core beside a
   * saturated cluster, at nice 10). So: a new session ({@code setsid}), its group's nice set to 19
   * ({@code /proc/self/autogroup}), and nice 10 inside it. The moments the drills measure from are
   * the ones {@code ./tandem} prints, not when it was asked, so a launcher that waits for the CPU
   * changes no figure.
   */
  private static final String YIELDING =
      "{ echo 19 > /proc/self/autogroup; } 2>/dev/null; exec nice -n 10 \"$0\" \"$@\"";

  String run(String... args) {
    List<String> command = command(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 300 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A long command whose progress the drill's reader should see as it happens. */
  void runShown(java.time.Duration limit, String... args) {
    List<String> command = command(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).inheritIO().start();
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish in " + limit.toSeconds() + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed with exit code " + process.exitValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private List<String> command(String... args) {
    List<String> command =
        new ArrayList<>(List.of("setsid", "--wait", "sh", "-c", YIELDING, script.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The cluster's endpoints, asked once: they are the topology's and stay the same while it is up,
   * and each ask is a launcher JVM between drills (some 3 s at the CPU share the drills give it).
   */
  public synchronized Map<String, String> env() {
    if (env == null) {
      env = Map.copyOf(EndpointLines.parse(run("env")));
    }
    return env;
  }

  public JsonNode status() {
    try {
      return JSON.readTree(run("status", "--json"));
    } catch (IOException e) {
      throw new IllegalStateException("unreadable ./tandem status --json", e);
    }
  }

  /** Every running instance's pid, by name: what tells a restart from a survivor. */
  Map<String, Integer> pids() {
    Map<String, Integer> pids = new java.util.TreeMap<>();
    for (JsonNode instance : status().path("instances")) {
      if (instance.path("pid").isInt()) {
        pids.put(instance.path("name").asText(), instance.path("pid").asInt());
      }
    }
    return pids;
  }

  /** The instance of the component that has the role right now, if any. */
  Optional<String> withRole(String component, String role) {
    for (JsonNode instance : status().path("instances")) {
      if (instance.path("component").asText().equals(component)
          && instance.path("role").asText().equals(role)
          && instance.path("healthy").asBoolean()) {
        return Optional.of(instance.path("name").asText());
      }
    }
    return Optional.empty();
  }
}
