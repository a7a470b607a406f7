package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of one process group, as /proc shows them: what {@code hang} checks it stopped, and
 * the group's CPU priority while it starts.
 */
public final class ProcessGroup {

  /**
   * The nice value of an instance that {@code start} or a rolling restart brings back while the
   * rest of the cluster serves: the start (some 30 s of CPU for a service JVM) yields the 2 cores
   * to the instances that answer users, and gets what they leave. At 10 the kernel gives it a tenth
   * of the share of a process at 0 when both want the CPU. A service returns to 0 itself once warm,
   * before it registers: it must not take calls at a tenth of its share.
   */
  public static final int STARTING_NICE = 10;

  private ProcessGroup() {}

  /**
   * Sets the nice value of every thread of every process in the group: setpriority(PRIO_PGRP)
   * visits threads, not just each process's first, so a JVM's threads all change. Threads made
   * later inherit their maker's value. Lowering it again needs root, which the launcher is.
   */
  public static void renice(int pgid, int nice) {
    Proc.Result result =
        Proc.run(
            List.of("renice", "-n", String.valueOf(nice), "-g", String.valueOf(pgid)),
            Duration.ofSeconds(5));
    if (!result.ok() && !states(pgid).isEmpty()) {
      throw new LauncherException(
          "cannot set the nice value of process group "
              + pgid
              + " to "
              + nice
              + ": "
              + result.output().strip());
    }
  }

  /** The run states (R, S, T...) of the group's processes; empty when none is left. */
  static List<Character> states(int pgid) {
    List<Character> states = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().matches("\\d+")) {
          continue;
        }
        String stat;
        try {
          stat = Files.readString(entry.resolve("stat"));
        } catch (IOException gone) {
          continue; // exited while we looked
        }
        // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the
        // last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (fields.length > 2 && fields[2].equals(String.valueOf(pgid))) {
          states.add(fields[0].charAt(0));
        }
      }
    } catch (IOException e) {
      throw new LauncherException("cannot read /proc: " + e.getMessage(), e);
    }
    return states;
  }

  /** Every process of the group is stopped by a signal (state T). */
  public static boolean stopped(int pgid) {
    List<Character> states = states(pgid);
    return !states.isEmpty() && states.stream().allMatch(state -> state == 'T');
  }
}
