package dev.tandem.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

class ProblemsTest {

  @Test
  void problemsCarryAStableTypeUnderTheTandemBase() {
    ProblemDetail problem =
        Problems.problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "no member with id 7");

    assertThat(problem.getType()).hasToString("https://tandem.dev/problems/not-found");
    assertThat(problem.getStatus()).isEqualTo(404);
    assertThat(problem.getTitle()).isEqualTo("Not Found");
    assertThat(problem.getDetail()).isEqualTo("no member with id 7");
  }
}
