package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

  @TempDir Path proc;

  /** A /proc/PID/stat line as Linux writes it, up to the fields the reader needs and a few more. */
  private void process(long pid, String comm, long parent, long user, long system)
      throws IOException {
    Files.createDirectories(proc.resolve(String.valueOf(pid)));
    Files.writeString(
        proc.resolve(pid + "/stat"),
        pid
            + " ("
            + comm
            + ") S "
            + parent
            + " 0 0 0 -1 4194560 0 0 0 0 "
            + user
            + " "
            + system
            + " 0 0 20 0 1 0 100 0 0\n");
  }

  private void machine(long user, long system, long softirq) throws IOException {
    Files.writeString(
        proc.resolve("stat"),
        "cpu  " + user + " 0 " + system + " 9000 5 0 " + softirq + " 0 0 0\ncpu0 1 2 3\n");
  }

  @Test
  void countsEachComponentWithTheProcessesBelowItAndTheRestOfTheMachine() throws IOException {
    process(10, "nginx: master process", 1, 5, 5);
    process(11, "nginx: worker process", 10, 100, 50);
    process(20, "java", 1, 1000, 200);
    process(30, "unrelated (x) y", 1, 7, 7);
    machine(5000, 1000, 100);
    ProcessCpu cpu = new ProcessCpu(proc, Map.of("nginx", List.of(10L), "gateway", List.of(20L)));
    Map<String, Long> before = cpu.sample();

    process(11, "nginx: worker process", 10, 110, 60); // +20 ticks
    process(20, "java", 1, 1300, 260); // +360 ticks
    process(30, "unrelated (x) y", 1, 900, 900);
    machine(5500, 1100, 120); // +620 ticks
    Map<String, Double> perRequest = ProcessCpu.perRequest(before, cpu.sample(), 100, 400);

    assertThat(before).containsEntry("nginx", 160L).containsEntry("gateway", 1200L);
    // 20 ticks of 10 ms over 100 requests; 360 ticks; machine 6200 ms - 3800 - client 400
    assertThat(perRequest)
        .containsEntry("nginx", 2.0)
        .containsEntry("gateway", 36.0)
        .containsEntry(ProcessCpu.REST, 20.0)
        .containsEntry(ProcessCpu.ALL, 58.0);
  }

  @Test
  void anInstanceRestartedBetweenSamplesCountsNothingRatherThanLess() throws IOException {
    process(20, "java", 1, 1000, 200);
    machine(5000, 1000, 100);
    ProcessCpu cpu = new ProcessCpu(proc, Map.of("gateway", List.of(20L)));
    Map<String, Long> before = cpu.sample();
    Files.delete(proc.resolve("20/stat"));
    machine(5010, 1000, 100);

    assertThat(ProcessCpu.perRequest(before, cpu.sample(), 10, 0))
        .containsEntry("gateway", 0.0)
        .containsEntry(ProcessCpu.ALL, 10.0);
  }

  @Test
  void withoutProcTheStepHasNoFigures() {
    ProcessCpu cpu = new ProcessCpu(proc.resolve("missing"), Map.of("gateway", List.of(20L)));

    assertThat(cpu.sample()).isEmpty();
    assertThat(cpu.unreadable()).contains("missing");
    assertThat(ProcessCpu.perRequest(Map.of(), Map.of(), 10, 0)).isEmpty();
  }
}
