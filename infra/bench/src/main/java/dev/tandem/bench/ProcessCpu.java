package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each component of the cluster spent on the CPU while a step ran, per request: on a 2-core
 * machine a hop's cost is its CPU, and this is what makes a ratio explainable (a member read
 * through the gateway answers fewer per second than straight to site-service because the gateway's
 * JVM spends so many milliseconds on each).
 *
 * <p>Read from {@code /proc}: the user and system time of each running instance's process (the pid
 * {@code ./tandem status} gives) and of every process below it (nginx's workers), summed by
 * component; and the machine's busy time from {@code /proc/stat}, which also holds the kernel's
 * network work, supervisord and whatever else ran. {@link #REST} is the machine's time less the
 * components' and the client's, {@link #ALL} the machine's less the client's. Counted in clock
 * ticks of 10 ms (Linux's USER_HZ), so a figure is good to a tick over the step's requests.
 *
 * <p>Where {@code /proc} cannot be read (not Linux, a cluster in containers elsewhere), a sample is
 * empty and the report has no CPU figures: the benchmark measures on.
 */
final class ProcessCpu {

  /** Everything the machine did, less the client: the whole cluster's cost of the requests. */
  static final String ALL = "all";

  /** The machine's time less every component's and the client's: kernel, supervisord, others. */
  static final String REST = "rest";

  private static final String MACHINE = "machine";
  private static final double TICK_MS = 10;

  private final Path proc;
  private final Map<String, List<Long>> roots;

  /** Why the last sample came back empty, for the run's log; null while samples are read. */
  private volatile String unreadable;

  ProcessCpu(Path proc, Map<String, List<Long>> roots) {
    this.proc = proc;
    this.roots = roots;
  }

  /** Each component's running instances' pids, in the order {@code ./tandem status} lists them. */
  static ProcessCpu of(JsonNode status) {
    Map<String, List<Long>> roots = new LinkedHashMap<>();
    for (JsonNode instance : status.path("instances")) {
      long pid = instance.path("pid").asLong(0);
      if (pid > 0) {
        roots.computeIfAbsent(instance.path("component").asText(), c -> new ArrayList<>()).add(pid);
      }
    }
    return new ProcessCpu(Path.of("/proc"), roots);
  }

  /** Clock ticks so far by component, and the machine's busy ticks; empty when unreadable. */
  Map<String, Long> sample() {
    Map<Long, Long> ticks = new HashMap<>();
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, ProcessCpu::isPid)) {
      for (Path process : processes) {
        long[] parentAndTicks = parentAndTicks(process);
        if (parentAndTicks != null) {
          long pid = Long.parseLong(process.getFileName().toString());
          ticks.put(pid, parentAndTicks[1]);
          children.computeIfAbsent(parentAndTicks[0], p -> new ArrayList<>()).add(pid);
        }
      }
      Map<String, Long> sample = new LinkedHashMap<>();
      roots.forEach((component, pids) -> sample.put(component, below(pids, ticks, children)));
      sample.put(MACHINE, machineBusy(proc.resolve("stat")));
      unreadable = null;
      return sample;
    } catch (IOException | RuntimeException e) {
      // no figures rather than no benchmark; unreadable() says why
      unreadable = e.getClass().getSimpleName() + ": " + e.getMessage();
      return Map.of();
    }
  }

  /**
   * Why the last sample was empty ({@code /proc} missing, a line not as Linux writes it), or null.
   */
  String unreadable() {
    return unreadable;
  }

  /**
   * Milliseconds of CPU per request sent, by component, then {@link #REST} and {@link #ALL}; empty
   * when either sample is.
   */
  static Map<String, Double> perRequest(
      Map<String, Long> before, Map<String, Long> after, int sent, double clientCpuMs) {
    if (before.isEmpty() || after.isEmpty() || sent <= 0) {
      return Map.of();
    }
    Map<String, Double> perRequest = new LinkedHashMap<>();
    double components = 0;
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      if (!entry.getKey().equals(MACHINE) && before.containsKey(entry.getKey())) {
        // an instance restarted between the samples starts from 0: count nothing, not less
        double ms = Math.max(0, entry.getValue() - before.get(entry.getKey())) * TICK_MS;
        components += ms;
        perRequest.put(entry.getKey(), round(ms / sent));
      }
    }
    double machine = (after.get(MACHINE) - before.get(MACHINE)) * TICK_MS;
    perRequest.put(REST, round(Math.max(0, machine - components - clientCpuMs) / sent));
    perRequest.put(ALL, round(Math.max(0, machine - clientCpuMs) / sent));
    return perRequest;
  }

  private static double round(double ms) {
    return Math.round(ms * 100) / 100.0;
  }

  private static boolean isPid(Path path) {
    String name = path.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The parent's pid and utime + stime of /proc/PID/stat, or null if the process is gone. */
  private static long[] parentAndTicks(Path process) {
    String stat;
    try {
      stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
    // "pid (comm) state ppid ... utime stime ...": comm may hold spaces and parentheses
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {
      Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])
    };
  }

  private static long below(
      List<Long> pids, Map<Long, Long> ticks, Map<Long, List<Long>> children) {
    long sum = 0;
    Set<Long> seen = new HashSet<>();
    ArrayDeque<Long> next = new ArrayDeque<>(pids);
    while (!next.isEmpty()) {
      long pid = next.pop();
      if (seen.add(pid)) {
        sum += ticks.getOrDefault(pid, 0L);
        next.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return sum;
  }

  /** user + nice + system + irq + softirq + steal of the first line of /proc/stat. */
  private static long machineBusy(Path stat) throws IOException {
    String[] fields = Files.readAllLines(stat, StandardCharsets.US_ASCII).getFirst().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(fields[i]);
    }
    return busy;
  }
}
