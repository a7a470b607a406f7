package dev.tandem.launcher.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the compose verbs read {@code ps}: compose v1's table and v2's. */
public class ComposeControlTest {

  private static final String V1 =
      """
                Name                          Command                  State               Ports
      ---------------------------------------------------------------------------------------------
      tandem_promotion-1_1   /usr/local/bin/java-entry ...   Up (healthy)
      tandem_site-1_1        /usr/local/bin/java-entry ...   Up (health: starting)
      tandem_member-1_1      /usr/local/bin/java-entry ...   Exit 143
      tandem_nginx-1_1       nginx -c /tandem/conf/ngi ...   Up (unhealthy)      0.0.0.0:8080->80/tcp
      """;

  private static final String V2 =
      """
      NAME                   IMAGE      COMMAND    SERVICE       CREATED    STATUS                    PORTS
      tandem-promotion-1-1   x:offline  "java"     promotion-1   2 min ago  Up 2 minutes (healthy)
      tandem-site-1-1        x:offline  "java"     site-1        2 min ago  Up 5 seconds (health: starting)
      """;

  @Test
  void findsEachServicesContainerInEitherComposesTable() {
    assertThat(ComposeControl.containerLine(V1, "promotion-1")).get().asString().contains("Up");
    assertThat(ComposeControl.containerLine(V2, "site-1"))
        .get()
        .asString()
        .startsWith("tandem-site");
    assertThat(ComposeControl.containerLine(V1, "gateway-1")).isEmpty();
    // a name that ends another's is not it
    assertThat(ComposeControl.containerLine(V1, "e-1")).isEmpty();
  }

  @Test
  void healthyOnlyWhileUpAndItsCheckPassed() {
    assertThat(ComposeControl.containerLine(V1, "promotion-1").map(ComposeControl::healthy))
        .contains(true);
    assertThat(ComposeControl.containerLine(V2, "promotion-1").map(ComposeControl::healthy))
        .contains(true);
    assertThat(ComposeControl.containerLine(V1, "site-1").map(ComposeControl::healthy))
        .contains(false);
    assertThat(ComposeControl.containerLine(V1, "site-1").map(ComposeControl::up)).contains(true);
    assertThat(ComposeControl.containerLine(V1, "nginx-1").map(ComposeControl::healthy))
        .contains(false);
    assertThat(ComposeControl.containerLine(V1, "member-1").map(ComposeControl::up))
        .contains(false);
  }
}
