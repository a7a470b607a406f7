package dev.tandem.site.protection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.testing.TandemEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's running instances of a component, from {@code ./tandem status --json}, and the one
 * fault these tests inject into them: SIGSTOP (port open, nothing answers) and SIGCONT.
 */
record ClusterInstances(List<Instance> instances) {

  /** One instance: its name, address on the cluster's network ({@code host:port}) and pid. */
  record Instance(String name, String address, long pid) {

    /** Its Dubbo address as consumers key it: the provider's port is Dubbo's default. */
    String dubboAddress() {
      return address.substring(0, address.lastIndexOf(':')) + ":20880";
    }

    void pause() {
      signal("STOP");
    }

    void resume() {
      signal("CONT");
    }

    private void signal(String signal) {
      // Only the processes this cluster started, by pid: ProcessHandle cannot send SIGSTOP.
      run(List.of("kill", "-" + signal, Long.toString(pid)));
    }
  }

  static ClusterInstances of(String component) {
    String json =
        run(List.of(TandemEnvironment.root().resolve("tandem").toString(), "status", "--json"));
    try {
      List<Instance> found = new ArrayList<>();
      JsonNode status = new ObjectMapper().readTree(json);
      JsonNode rows = status.isArray() ? status : status.path("instances");
      for (JsonNode row : rows) {
        if (component.equals(row.path("component").asText()) && row.path("pid").asLong() > 0) {
          found.add(
              new Instance(
                  row.path("name").asText(),
                  row.path("address").asText(),
                  row.path("pid").asLong()));
        }
      }
      return new ClusterInstances(found);
    } catch (IOException e) {
      throw new IllegalStateException("./tandem status --json is not JSON: " + json, e);
    }
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed: "
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
