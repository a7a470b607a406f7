package dev.tandem.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Product.Probe;
import dev.tandem.launcher.cluster.Up;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class ProgressTest {

  @Test
  void readyListsInstancesByRoleAndThoseWithoutARoleAlone() {
    assertThat(
            Up.summary(
                Map.of(
                    "redis-2", new Probe(true, "replica", ""),
                    "redis-1", new Probe(true, "master", ""),
                    "redis-3", new Probe(true, "replica", ""))))
        .isEqualTo(": master redis-1; replica redis-2,redis-3");
    assertThat(
            Up.summary(
                Map.of(
                    "elasticsearch-1", new Probe(true, null, ""),
                    "elasticsearch-2", new Probe(true, null, ""))))
        .isEqualTo(": elasticsearch-1,elasticsearch-2")
        .doesNotContain("null");
    assertThat(Up.summary(Map.of())).isEmpty();
  }
}
