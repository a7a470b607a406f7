package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  private static Report report(List<String> violations) {
    return new Report(
        "redis-master-kill",
        "redis-1",
        3650,
        5400,
        13,
        new Report.Writes(900, 0, 0),
        new Report.Budget(10_000, 60, 0, 0),
        List.of(new Timeline.Bucket(-500, 50, 0), new Timeline.Bucket(0, 30, 13)),
        violations);
  }

  @Test
  void jsonHasTheShapeTheArchitectureFixes() throws Exception {
    Path json = report(List.of()).write(dir);

    JsonNode document = new ObjectMapper().readTree(Files.readString(json));
    assertThat(json.getFileName()).hasToString("redis-master-kill.json");
    assertThat(document.path("drill").asText()).isEqualTo("redis-master-kill");
    assertThat(document.path("target").asText()).isEqualTo("redis-1");
    assertThat(document.path("passed").asBoolean()).isTrue();
    assertThat(document.path("recovery_ms").asLong()).isEqualTo(3650);
    assertThat(document.path("requests").path("ok").asLong()).isEqualTo(5400);
    assertThat(document.path("requests").path("failed").asLong()).isEqualTo(13);
    assertThat(document.path("writes").path("acknowledged").asLong()).isEqualTo(900);
    assertThat(document.path("budget").path("recovery_ms").asLong()).isEqualTo(10_000);
    assertThat(document.path("timeline").get(1).path("t_ms").asLong()).isZero();
    assertThat(document.path("timeline").get(1).path("failed").asInt()).isEqualTo(13);
  }

  @Test
  void aViolationFailsTheDrillAndShowsOnItsPage() throws Exception {
    Report failed = report(List.of("2 acknowledged registrations missing"));
    failed.write(dir);

    assertThat(failed.passed()).isFalse();
    assertThat(Files.readString(dir.resolve("redis-master-kill.html")))
        .contains("FAILED")
        .contains("2 acknowledged registrations missing")
        .contains("<svg");
  }
}
