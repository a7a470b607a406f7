package dev.tandem.promotion.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void sameRequestGivesTheSameFingerprint() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");

    assertThat(Fingerprint.of("claim-coupon", 1L, 2L, at))
        .isEqualTo(Fingerprint.of("claim-coupon", 1L, 2L, at));
  }

  @Test
  void anyDifferentFieldChangesIt() {
    assertThat(Fingerprint.of("claim-coupon", 1L, 2L))
        .isNotEqualTo(Fingerprint.of("claim-coupon", 1L, 3L))
        .isNotEqualTo(Fingerprint.of("create-promotion", 1L, 2L));
  }

  @Test
  void textContainingSeparatorsCannotCollide() {
    assertThat(Fingerprint.of("op", "a|b", "c")).isNotEqualTo(Fingerprint.of("op", "a", "b|c"));
    assertThat(Fingerprint.of("op", "a\",\"b")).isNotEqualTo(Fingerprint.of("op", "a", "b"));
  }
}
