package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  @Test
  void aRefusalIsNamedByWhoeverRefused() {
    String nginx =
        "{\"type\":\"https://tandem.dev/problems/too-many-requests\",\"status\":429,"
            + "\"detail\":\"this promotion takes no more claims right now; retry after the time in"
            + " Retry-After\"}";
    String sentinel =
        "{\"type\": \"https://tandem.dev/problems/too-many-requests\", \"detail\": \"too many"
            + " requests; retry after the number of seconds in Retry-After\"}";

    assertThat(OpenLoop.errorName(429, nginx))
        .isEqualTo("429 this promotion takes no more claims right now");
    assertThat(OpenLoop.errorName(429, sentinel)).isEqualTo("429 too many requests");
    assertThat(OpenLoop.errorName(429, "not json")).isEqualTo("429");
    assertThat(OpenLoop.errorName(503, sentinel)).isEqualTo("503");
  }

  @Test
  void noAnswerIsOpenWhenTimeRanOutAndIoOtherwise() {
    assertThat(OpenLoop.failureName(new CompletionException(new HttpTimeoutException("late"))))
        .isEqualTo("open");
    assertThat(OpenLoop.failureName(new CompletionException(new java.net.ConnectException())))
        .isEqualTo("io");
  }
}
