package dev.tandem.launcher.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RuleKindTest {

  @Test
  void checksEveryKindTheServicesReadAndNoOther() {
    assertThat(Arrays.stream(RuleKind.values()).map(RuleKind::platform))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(dev.tandem.platform.protection.RuleKind.values());
  }
}
