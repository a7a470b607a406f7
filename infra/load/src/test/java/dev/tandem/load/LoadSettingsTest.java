package dev.tandem.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

  private static final Map<String, String> UP =
      Map.of("TANDEM_URL", "http://10.0.0.9/", "TANDEM_LOAD_ADMIN_TOKEN", "t0ken");

  @Test
  void defaultsAreAGentleMinute() {
    LoadSettings settings = LoadSettings.parse(new String[0], UP);

    assertThat(settings.baseUrl()).isEqualTo("http://10.0.0.9");
    assertThat(settings.visitorsPerSecond()).isEqualTo(5);
    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.expectedVisitors()).isEqualTo(300);
  }

  @Test
  void flagsSetRateDurationAndBudgets() {
    LoadSettings settings =
        LoadSettings.parse(
            new String[] {
              "--rate", "12.5", "--duration", "30", "--p99-ms", "800", "--max-failed-percent", "0"
            },
            UP);

    assertThat(settings.visitorsPerSecond()).isEqualTo(12.5);
    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.p99Budget()).isEqualTo(Duration.ofMillis(800));
    assertThat(settings.maxFailedPercent()).isZero();
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--rate", "fast"}, UP))
        .hasMessage("--rate takes a number, not 'fast'");
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--rate", "0"}, UP))
        .hasMessageStartingWith("--rate must be more than 0 and at most 200");
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--duration", "7200"}, UP))
        .hasMessageStartingWith("--duration must be 1 to 3600 seconds");
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--users", "3"}, UP))
        .hasMessageStartingWith("unknown option --users; usage: ./tandem load");
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--rate"}, UP))
        .hasMessageStartingWith("--rate needs a value");
  }

  @Test
  void withoutAClusterItSaysHowToStartOne() {
    assertThatThrownBy(() -> LoadSettings.parse(new String[0], Map.of()))
        .hasMessageContaining("TANDEM_URL is not set")
        .hasMessageContaining("./tandem up");
  }

  @Test
  void theSimulationSeesWhatTheCommandLineSaid() {
    LoadSettings settings =
        LoadSettings.parse(new String[] {"--rate", "3", "--duration", "20"}, UP);
    Properties properties = new Properties();

    settings.exportTo(properties);

    assertThat(LoadSettings.importFrom(properties)).isEqualTo(settings);
  }
}
