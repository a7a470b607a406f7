package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The processes of one process group, as /proc shows them: what {@code hang} checks it stopped. */
public final class ProcessGroup {

  private ProcessGroup() {}

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
