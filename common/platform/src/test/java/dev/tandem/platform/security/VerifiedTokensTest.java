package dev.tandem.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private Instant now = NOW;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private final VerifiedTokens<String> tokens =
      new VerifiedTokens<>(3, Duration.ofMinutes(5), clock);

  @Test
  void remembersATokenUntilItExpires() {
    tokens.put("a.b.c", "ada", NOW.plusSeconds(60));

    now = NOW.plusSeconds(59);
    assertThat(tokens.get("a.b.c")).contains("ada");

    now = NOW.plusSeconds(60);
    assertThat(tokens.get("a.b.c")).isEmpty();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void forgetsALongLivedTokenAfterItsMaximumAge() {
    tokens.put("a.b.c", "ada", NOW.plus(Duration.ofHours(1)));

    now = NOW.plus(Duration.ofMinutes(5));

    assertThat(tokens.get("a.b.c")).isEmpty();
  }

  @Test
  void knowsOnlyTheExactTokenItWasGiven() {
    tokens.put("a.b.c", "ada", NOW.plusSeconds(60));

    assertThat(tokens.get("a.b.C")).isEmpty();
    assertThat(tokens.get("a.b.")).isEmpty();
  }

  @Test
  void remembersNothingWithoutAnExpiryOrAlreadyExpired() {
    tokens.put("never", "x", null);
    tokens.put("gone", "y", NOW);

    assertThat(tokens.get("never")).isEmpty();
    assertThat(tokens.get("gone")).isEmpty();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void makesRoomByDroppingExpiredTokensFirstThenAll() {
    tokens.put("short", "1", NOW.plusSeconds(10));
    tokens.put("long-1", "2", NOW.plusSeconds(100));
    tokens.put("long-2", "3", NOW.plusSeconds(100));
    now = NOW.plusSeconds(20);

    tokens.put("new", "4", NOW.plusSeconds(100));

    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.get("long-1")).contains("2");
    assertThat(tokens.get("new")).contains("4");

    tokens.put("newer", "5", NOW.plusSeconds(100));

    assertThat(tokens.size()).isEqualTo(1);
    assertThat(tokens.get("newer")).contains("5");
  }

  @Test
  void refusesAStoreThatCouldHoldNothing() {
    assertThatThrownBy(() -> new VerifiedTokens<String>(0, Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VerifiedTokens<String>(10, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
