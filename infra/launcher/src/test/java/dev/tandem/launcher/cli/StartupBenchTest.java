package dev.tandem.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cli.StartupBench.Result;
import dev.tandem.launcher.cli.StartupBench.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupBenchTest {

  private static final long MIB = 1024 * 1024;

  private static Run run(double ready, long rssMib) {
    return new Run(0.5, 0.1, ready, rssMib * MIB, 100 * MIB);
  }

  @Test
  void reportsTheMedianOfTheRuns() {
    Result result =
        new Result(
            "gateway", "gateway-1", List.of(run(9, 310), run(7, 290), run(30, 280)), List.of(), 0);

    assertThat(result.readySeconds()).isEqualTo(9);
    assertThat(result.rssMib()).isEqualTo(290);
  }

  @Test
  void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
    Result result =
        new Result("gateway", "gateway-1", List.of(run(6, 200), run(8, 300)), List.of(), 0);

    assertThat(result.readySeconds()).isEqualTo(7);
  }

  @Test
  void theTableSaysWhetherEachServiceMetTheGoals() {
    Result fast = new Result("gateway", "gateway-1", List.of(run(6.5, 280)), List.of(), 96 * MIB);
    Result heavy =
        new Result("member-service", "member-1", List.of(run(7.0, 465)), List.of(), 163 * MIB);

    List<String> lines = StartupBench.table(List.of(fast, heavy)).lines().toList();

    assertThat(lines.get(1)).startsWith("gateway").contains("6.50", "280", "96").endsWith("met");
    assertThat(lines.get(2)).startsWith("member-service").contains("465").endsWith("NOT");
  }

  @Test
  void theJvmFlagsAreTheOptionsBeforeTheJar() {
    List<String> commandLine =
        List.of(
            "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
            "-Xms128m",
            "-XX:+UseSerialGC",
            "-XX:AOTCache=/x/app.aot",
            "-jar",
            "/x/app/gateway.jar",
            "--debug");

    assertThat(StartupBench.flags(commandLine))
        .containsExactly("-Xms128m", "-XX:+UseSerialGC", "-XX:AOTCache=/x/app.aot");
  }
}
