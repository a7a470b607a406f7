package dev.tandem.launcher.product.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.LauncherException;
import org.junit.jupiter.api.Test;

class AotCacheSettingTest {

  @Test
  void theCacheIsOptIn() {
    assertThat(Service.aotCacheWanted(null)).isFalse();
    assertThat(Service.aotCacheWanted("")).isFalse();
    assertThat(Service.aotCacheWanted("off")).isFalse();
    assertThat(Service.aotCacheWanted(" on ")).isTrue();
  }

  @Test
  void anythingElseIsNamedWithTheFix() {
    assertThatThrownBy(() -> Service.aotCacheWanted("yes"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("TANDEM_AOT_CACHE must be on or off, not 'yes'");
  }
}
