package dev.tandem.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.LauncherException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

public class RollingRestartTest {

  @Test
  void rollsProvidersBeforeTheirConsumersAndTheEntryLast() {
    assertThat(RollingRestart.services("all"))
        .containsExactly("member-service", "promotion-service", "site-service", "gateway");
    assertThat(RollingRestart.services("site-service")).containsExactly("site-service");
  }

  @Test
  void refusesMiddlewareAndNamesWhatItCanRoll() {
    assertThatThrownBy(() -> RollingRestart.services("redis"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("cannot roll 'redis'")
        .hasMessageContaining("member-service, promotion-service, site-service, gateway");
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
}
