package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {

  @Test
  void showsEachFigureOldNewAndTheChange() {
    JsonNode old = Report.JSON.valueToTree(ReportTest.report(320, 300));
    JsonNode now = Report.JSON.valueToTree(ReportTest.report(360, 380));

    JsonNode diff = Compare.diff(old, now);

    JsonNode gateway = diff.path("capacities").get(1);
    assertThat(gateway.path("hop").asText()).isEqualTo("gateway");
    assertThat(gateway.path("throughput").path("old").asDouble()).isEqualTo(320);
    assertThat(gateway.path("throughput").path("new").asDouble()).isEqualTo(360);
    assertThat(gateway.path("throughput").path("change_percent").asDouble()).isEqualTo(12.5);
    assertThat(diff.path("ratios").get(0).path("nginx_vs_direct").path("new").asDouble())
        .isEqualTo(0.95);
    assertThat(Compare.table(diff)).contains("320.0 → 360.0 (+12.5%)");
  }

  @Test
  void aClassTheOldRunLackedHasNoChange() {
    JsonNode old = Report.JSON.createObjectNode().putArray("capacities");
    JsonNode now = Report.JSON.valueToTree(ReportTest.report(320, 300));

    JsonNode diff = Compare.diff(Report.JSON.createObjectNode().set("capacities", old), now);

    assertThat(diff.path("capacities").get(0).path("capacity").path("old").isNull()).isTrue();
    assertThat(diff.path("capacities").get(0).path("capacity").path("change_percent").isNull())
        .isTrue();
  }

  @Test
  void refusesWhatIsNotAnEarlierReport(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Compare.read(dir.resolve("missing.json")))
        .hasMessageContaining("no report at");
    Path other = Files.writeString(dir.resolve("other.json"), "{\"drill\": \"x\"}");
    assertThatThrownBy(() -> Compare.read(other)).hasMessageContaining("not a bench report");
  }
}
