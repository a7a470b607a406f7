package dev.tandem.member.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void theSameRequestHasTheSameFingerprint() {
    assertThat(Fingerprint.of("add-points", 42L, 100, "welcome"))
        .isEqualTo(Fingerprint.of("add-points", 42L, 100, "welcome"))
        .hasSize(64);
  }

  @Test
  void anyDifferentFieldChangesTheFingerprint() {
    String original = Fingerprint.of("add-points", 42L, 100, "welcome");

    assertThat(Fingerprint.of("add-points", 43L, 100, "welcome")).isNotEqualTo(original);
    assertThat(Fingerprint.of("add-points", 42L, 101, "welcome")).isNotEqualTo(original);
    assertThat(Fingerprint.of("add-points", 42L, 100, "welcome!")).isNotEqualTo(original);
    assertThat(Fingerprint.of("register", 42L, 100, "welcome")).isNotEqualTo(original);
  }

  @Test
  void fieldBoundariesCount() {
    assertThat(Fingerprint.of("register", "ab", "c"))
        .isNotEqualTo(Fingerprint.of("register", "a", "bc"));
  }
}
