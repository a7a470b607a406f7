package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes what a cluster leaves behind, including after a launcher or supervisord was killed. */
public final class Down {

  private Down() {}

  /**
   * Kills processes still inside this cluster's namespaces when supervisord is gone (a killed
   * session leaves them). Only processes in our own namespaces are touched.
   */
  public static void killStrays(Context context) {
    for (String ns : context.network().namespaces()) {
      if (!ns.startsWith(context.cluster().name + "-")) {
        continue;
      }
      for (String signal : List.of("TERM", "KILL")) {
        Proc.Result pids = Proc.run(List.of("ip", "netns", "pids", ns), Duration.ofSeconds(5));
        List<String> live =
            pids.output().lines().map(String::strip).filter(l -> l.matches("\\d+")).toList();
        if (live.isEmpty()) {
          break;
        }
        for (String pid : live) {
          Proc.run(List.of("kill", "-" + signal, pid), Duration.ofSeconds(5));
        }
        Waits.until(
            Duration.ofSeconds(15),
            Duration.ofMillis(200),
            () ->
                Proc.run(List.of("ip", "netns", "pids", ns), Duration.ofSeconds(5))
                    .output()
                    .isBlank());
      }
    }
  }

  public static void removeLeftovers(Context context, boolean purge) {
    Cluster cluster = context.cluster();
    delete(cluster.state.resolve("conf"));
    delete(cluster.state.resolve("run"));
    try {
      Files.deleteIfExists(cluster.recordFile());
      Files.deleteIfExists(cluster.state.resolve("supervisord.conf"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (purge) {
      delete(cluster.state);
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new LauncherException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
