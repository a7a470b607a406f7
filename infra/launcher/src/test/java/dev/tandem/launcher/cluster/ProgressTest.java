package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Product.Probe;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class ProgressTest {

  @Test
  void readyListsInstancesByRoleAndThoseWithoutARoleAlone() {
    assertThat(
            Readiness.summary(
                Map.of(
                    "redis-2", new Probe(true, "replica", ""),
                    "redis-1", new Probe(true, "master", ""),
                    "redis-3", new Probe(true, "replica", ""))))
        .isEqualTo(": master redis-1; replica redis-2,redis-3");
    assertThat(
            Readiness.summary(
                Map.of(
                    "elasticsearch-1", new Probe(true, null, ""),
                    "elasticsearch-2", new Probe(true, null, ""))))
        .isEqualTo(": elasticsearch-1,elasticsearch-2")
        .doesNotContain("null");
    assertThat(Readiness.summary(Map.of())).isEmpty();
  }
}
