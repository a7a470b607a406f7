package dev.tandem.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Topology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class RollingRestartTest {

  private static final Path TOPOLOGY = Path.of("../../infra/topology.yml");

  @TempDir Path dir;

  @Test
  void rollsTheServicesOfTheTopologyInTheOrderUpStartsThem() {
    for (String profile : Topology.PROFILES) {
      Topology topology = Topology.load(TOPOLOGY, profile, Optional.empty());

      assertThat(RollingRestart.all(topology))
          .containsExactly("member-service", "promotion-service", "site-service", "gateway");
    }
  }

  @Test
  void theHelpNamesTheServicesTheTopologyHas() {
    Topology topology = Topology.load(TOPOLOGY, "ha", Optional.empty());

    assertThat(Main.USAGE.replaceAll("\\s+", " "))
        .contains("services: " + String.join(", ", RollingRestart.all(topology)));
  }

  @Test
  void providersRollBeforeTheirConsumersBecauseTheyStartFirst() throws IOException {
    Topology topology =
        topology(
            "[[site-service], [b-service, a-service]]",
            "site-service: service",
            "a-service: service",
            "b-service: service",
            "redis: redis");

    assertThat(RollingRestart.all(topology))
        .containsExactly("site-service", "b-service", "a-service");
    assertThat(RollingRestart.services(topology, "a-service")).containsExactly("a-service");
  }

  @Test
  void aServiceTakenOutOfTheTopologyNoLongerRolls() throws IOException {
    Topology topology = topology("[[a-service], [redis]]", "a-service: service", "redis: redis");

    assertThat(RollingRestart.services(topology, "all")).containsExactly("a-service");
    assertThatThrownBy(() -> RollingRestart.services(topology, "b-service"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("cannot roll 'b-service': name a service (a-service) or all");
  }

  @Test
  void refusesMiddlewareAndNamesWhatItCanRoll() throws IOException {
    Topology topology =
        topology(
            "[[redis, b-service, a-service]]",
            "a-service: service",
            "redis: redis",
            "b-service: service");

    assertThatThrownBy(() -> RollingRestart.services(topology, "redis"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("cannot roll 'redis'")
        .hasMessageContaining("(b-service, a-service)");
  }

  @Test
  void needsTheRollingFlagAndOneTarget() {
    Main main =
        new Main(Path.of("."), "tandem", new PrintStream(new ByteArrayOutputStream(), true));
    assertThat(main.run(List.of("restart", "gateway"))).isEqualTo(2);
    assertThat(main.run(List.of("restart", "--rolling"))).isEqualTo(2);
    assertThat(main.run(List.of("restart", "--rolling", "gateway", "--warm-up", "soon")))
        .isEqualTo(2);
  }

  /**
   * One host group per program, in the order given.
   *
   * @param stages what each stage starts, such as {@code [[redis], [a-service]]}
   * @param programs {@code component: product} of each program
   */
  private Topology topology(String stages, String... programs) throws IOException {
    StringBuilder yaml = new StringBuilder("subnet: 10.247.0.0/24\ninterface: eth0\nstages:\n");
    for (String stage : stages.substring(1, stages.length() - 1).split("(?<=]),\\s*")) {
      yaml.append("  - start: ").append(stage).append('\n');
    }
    yaml.append("groups:\n");
    for (int i = 0; i < programs.length; i++) {
      String component = programs[i].split(": ")[0];
      String product = programs[i].split(": ")[1];
      yaml.append("  - host: ")
          .append(component)
          .append("-{n}\n")
          .append("    count: {lite: 1, ha: 2}\n")
          .append("    first: ")
          .append(11 + 10 * i)
          .append('\n')
          .append("    programs:\n")
          .append("      - {component: ")
          .append(component)
          .append(", name: \"")
          .append(component)
          .append("-{n}\", port: 8080, product: ")
          .append(product)
          .append("}\n");
    }
    Path file = dir.resolve("topology.yml");
    Files.writeString(file, yaml);
    return Topology.load(file, "ha", Optional.empty());
  }
}
