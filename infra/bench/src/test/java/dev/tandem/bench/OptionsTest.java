package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void aFullRunByDefault() {
    Options options = Options.parse(List.of());

    assertThat(options.quick()).isFalse();
    assertThat(options.plan()).isEqualTo(Options.FULL);
    assertThat(options.compare()).isNull();
  }

  @Test
  void quickAndCompare() {
    Options options = Options.parse(List.of("--quick", "--compare", "old.json"));

    assertThat(options.plan()).isEqualTo(Options.QUICK);
    assertThat(options.compare()).isEqualTo(Path.of("old.json"));
  }

  @Test
  void namesTheArgumentItDoesNotKnow() {
    assertThatThrownBy(() -> Options.parse(List.of("--fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--fast'");
  }

  @Test
  void compareNeedsAFile() {
    assertThatThrownBy(() -> Options.parse(List.of("--compare")))
        .hasMessageContaining("--compare needs the earlier report");
    assertThatThrownBy(() -> Options.parse(List.of("--compare", "--quick")))
        .hasMessageContaining("--compare needs the earlier report");
  }

  @Test
  void helpIsAskedForEitherWay() {
    assertThat(Options.wantsHelp(List.of("--help"))).isTrue();
    assertThat(Options.wantsHelp(List.of("-h"))).isTrue();
    assertThat(Options.wantsHelp(List.of("--quick"))).isFalse();
  }
}
