package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resource limits of this process, which supervisord and so every instance inherit. */
public final class Limits {

  private Limits() {}

  /** The hard limit on open files (what a process may raise its own limit to). */
  public static long openFiles() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String hard = line.substring("Max open files".length()).trim().split("\\s+")[1];
          return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an unexpected format: assume the common default
    }
    return 1024;
  }
}
