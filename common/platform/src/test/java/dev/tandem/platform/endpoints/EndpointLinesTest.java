package dev.tandem.platform.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointLinesTest {

  @Test
  void readsEachEndpointInOrderWithEverythingAfterTheFirstEqualsSign() {
    String output =
        """
        building the launcher
        TANDEM_URL=http://10.247.0.250
        TANDEM_MYSQL_SHARDS=jdbc:mysql://10.247.0.251:3306/tandem_member_0?a=b,jdbc:x?c=d

        TANDEM_EMPTY=
        """;

    assertThat(EndpointLines.parse(output))
        .containsExactly(
            entry("TANDEM_URL", "http://10.247.0.250"),
            entry(
                "TANDEM_MYSQL_SHARDS",
                "jdbc:mysql://10.247.0.251:3306/tandem_member_0?a=b,jdbc:x?c=d"),
            entry("TANDEM_EMPTY", ""));
  }

  @Test
  void linesThatAreNotTandemEndpointsAreNotTakenForThem() {
    assertThat(
            EndpointLines.parse(
                "DOCKER_HOST=unix:///run/podman.sock\nwarning: x=y\n tandem_url=lower\nTANDEM_A=1"))
        .containsOnlyKeys("TANDEM_A");
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }
}
