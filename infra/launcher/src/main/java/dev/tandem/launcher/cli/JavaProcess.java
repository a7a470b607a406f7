package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.LauncherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A service's JVM as /proc shows it: found from the process supervisord started (which may be a
 * wrapper that runs java as its child, in the same process group), with its start time, resident
 * memory and command line.
 */
record JavaProcess(int pid) {

  /**
   * /proc counts a process's start in clock ticks since boot. Linux fixes the user-visible tick at
   * 100 per second (USER_HZ) on every architecture this runs on.
   */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The java process of the group supervisord started as {@code leader}, if it runs yet. */
  static Optional<JavaProcess> of(int leader) {
    if (isJava(leader)) {
      return Optional.of(new JavaProcess(leader));
    }
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.matches("\\d+"))
          .map(Integer::parseInt)
          .filter(pid -> processGroup(pid) == leader && isJava(pid))
          .findFirst()
          .map(JavaProcess::new);
    } catch (IOException e) {
      throw new LauncherException("cannot read /proc: " + e.getMessage(), e);
    }
  }

  private static boolean isJava(int pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe"))
          .toString()
          .endsWith("/bin/java");
    } catch (IOException | UnsupportedOperationException gone) {
      return false;
    }
  }

  private static int processGroup(int pid) {
    List<String> fields = stat(pid);
    return fields.size() > 2 ? Integer.parseInt(fields.get(2)) : -1;
  }

  /** The fields of /proc/PID/stat after the command name, from the state (field 3) on. */
  private static List<String> stat(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      // the command name may hold spaces and parentheses: read after the last ')'
      return List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
    } catch (IOException gone) {
      return List.of();
    }
  }

  /**
   * Seconds since boot at which the process was created: the fork by supervisord, so the time
   * {@code ip netns exec} takes to become java counts too.
   */
  double startedAtUptime() {
    List<String> fields = stat(pid);
    if (fields.size() < 20) {
      throw new LauncherException("process " + pid + " exited while it was measured");
    }
    return Long.parseLong(fields.get(19)) / TICKS_PER_SECOND; // field 22, starttime
  }

  /** Seconds since boot now, on the same clock as {@link #startedAtUptime()}. */
  static double uptime() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    } catch (IOException e) {
      throw new LauncherException("cannot read /proc/uptime: " + e.getMessage(), e);
    }
  }

  /** The resident set in bytes (VmRSS). */
  long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException gone) {
      // reported below
    }
    throw new LauncherException("process " + pid + " has no VmRSS: it exited while measured");
  }

  /** Its command line; an {@code @file} argument (the launcher's argument files) is expanded. */
  List<String> commandLine() {
    List<String> args = new ArrayList<>();
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
      for (String arg : new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
        Path file = arg.startsWith("@") ? Path.of(arg.substring(1)) : null;
        if (file != null && Files.isReadable(file)) {
          Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(args::add);
        } else {
          args.add(arg);
        }
      }
    } catch (IOException gone) {
      // an exited process has no command line: the report shows none
    }
    return args;
  }

  /** The one-minute load average of the machine. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException e) {
      throw new LauncherException("cannot read /proc/loadavg: " + e.getMessage(), e);
    }
  }
}
