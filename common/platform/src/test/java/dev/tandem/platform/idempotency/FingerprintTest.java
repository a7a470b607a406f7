package dev.tandem.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  static Fingerprint addPoints(long memberId, int points, String reason) {
    return Fingerprint.of("add-points")
        .with("memberId", memberId)
        .with("points", points)
        .with("reason", reason)
        .build();
  }

  @Test
  void isTheDocumentedDigestSoAnyProgramOrVersionCanReproduceIt() {
    // 20:tandem-fingerprint/1,10:add-points,8:memberId,2:42,6:points,3:100,6:reason,7:welcome,
    assertThat(addPoints(42, 100, "welcome").sha256())
        .isEqualTo("1beae6076d5514e2de7b5f6ab320493707f261395ae0d28c80107c286e9e9a99");
    // a null field is "~"; instants have nine fraction digits in UTC
    assertThat(
            Fingerprint.of("create-promotion")
                .with("title", null)
                .with("endsAt", Instant.parse("2030-02-01T00:00:00Z"))
                .build()
                .sha256())
        .isEqualTo("2b0c7543a8ce92dd0b0b8e8ef7a46bcba654ed2da62fa23526bd70e33c4ac496");
  }

  @Test
  void theOrderInWhichFieldsAreGivenDoesNotMatter() {
    Fingerprint reordered =
        Fingerprint.of("add-points")
            .with("reason", "welcome")
            .with("points", 100)
            .with("memberId", 42L)
            .build();

    assertThat(reordered).isEqualTo(addPoints(42, 100, "welcome"));
  }

  @Test
  void anInstantIsItsValueHoweverItWasWritten() {
    Instant plain = Instant.parse("2030-01-01T00:00:00Z");
    Instant withMillis = Instant.parse("2030-01-01T00:00:00.000Z");
    Instant offset = java.time.OffsetDateTime.parse("2030-01-01T01:00:00+01:00").toInstant();

    assertThat(Fingerprint.of("op").with("at", withMillis).build())
        .isEqualTo(Fingerprint.of("op").with("at", plain).build())
        .isEqualTo(Fingerprint.of("op").with("at", offset).build())
        .isNotEqualTo(Fingerprint.of("op").with("at", plain.plus(1, ChronoUnit.NANOS)).build());
  }

  @Test
  void anyDifferentFieldOrOperationChangesIt() {
    Fingerprint original = addPoints(42, 100, "welcome");

    assertThat(addPoints(43, 100, "welcome")).isNotEqualTo(original);
    assertThat(addPoints(42, 101, "welcome")).isNotEqualTo(original);
    assertThat(addPoints(42, 100, "welcome!")).isNotEqualTo(original);
    assertThat(addPoints(42, 100, "Welcome")).isNotEqualTo(original);
    assertThat(
            Fingerprint.of("claim-coupon")
                .with("memberId", 42L)
                .with("points", 100)
                .with("reason", "welcome")
                .build())
        .isNotEqualTo(original);
    assertThat(Fingerprint.of("add-points").with("memberId", 42L).with("points", 100).build())
        .as("a missing field")
        .isNotEqualTo(original);
  }

  @Test
  void noValueCanPassForAnotherAcrossFieldBoundaries() {
    assertThat(Fingerprint.of("op").with("a", "xy").with("b", "z").build())
        .isNotEqualTo(Fingerprint.of("op").with("a", "x").with("b", "yz").build());
    assertThat(Fingerprint.of("op").with("a", "1:b,").build())
        .isNotEqualTo(Fingerprint.of("op").with("a", "").with("b", "").build());
    assertThat(Fingerprint.of("op").with("a", null).build())
        .isNotEqualTo(Fingerprint.of("op").with("a", "").build())
        .isNotEqualTo(Fingerprint.of("op").with("a", "~").build())
        .isNotEqualTo(Fingerprint.of("op").with("a", "null").build());
  }

  @Test
  void textIsHashedAsUtf8() {
    Fingerprint fingerprint = Fingerprint.of("op").with("title", "Grüße 春").build();
    byte[] canonical = Fingerprint.of("op").with("title", "Grüße 春").canonicalBytes();

    assertThat(new String(canonical, StandardCharsets.UTF_8)).endsWith("5:title,11:Grüße 春,");
    assertThat(fingerprint.sha256()).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void refusesTypesWithoutADocumentedFormAndAmbiguousFields() {
    assertThatThrownBy(() -> Fingerprint.of("op").with("price", 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Double");
    assertThatThrownBy(() -> Fingerprint.of("op").with("a", 1).with("a", 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fingerprint.of("op").with("a b", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fingerprint.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
