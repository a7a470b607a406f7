package dev.tandem.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyScopeTest {

  @Test
  void aCallerIsScopedByTheSubjectOfTheirToken() {
    assertThat(IdempotencyScope.ofCaller("42").value()).isEqualTo("caller:42");
    assertThat(IdempotencyScope.ofCaller("admin").value()).isEqualTo("caller:admin");
    assertThat(IdempotencyScope.ofCaller("42")).isNotEqualTo(IdempotencyScope.ofCaller("43"));
  }

  @Test
  void aRegistrationIsScopedByEmailAndNeverSharesAScopeWithACaller() {
    IdempotencyScope email = IdempotencyScope.ofEmail("ada@example.org");

    assertThat(email.value()).isEqualTo("email:ada@example.org");
    assertThat(email.value()).isNotEqualTo(IdempotencyScope.ofCaller("ada@example.org").value());
  }

  @Test
  void commandsWithoutACallerShareTheUnscopedScope() {
    assertThat(IdempotencyScope.ofCaller(null)).isEqualTo(IdempotencyScope.UNSCOPED);
    assertThat(IdempotencyScope.ofCaller(" ")).isEqualTo(IdempotencyScope.UNSCOPED);
    assertThat(IdempotencyScope.UNSCOPED.value()).isEqualTo("unscoped:");
  }

  @Test
  void anEmailIsNotWrittenToLogs() {
    assertThat(IdempotencyScope.ofEmail("ada@example.org").toString()).doesNotContain("ada");
  }

  @Test
  void aScopeFitsItsColumn() {
    String longest = "x".repeat(IdempotencyScope.MAX_LENGTH - "caller:".length());

    assertThat(IdempotencyScope.ofCaller(longest).value()).hasSize(IdempotencyScope.MAX_LENGTH);
    assertThatThrownBy(() -> IdempotencyScope.ofCaller(longest + "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
