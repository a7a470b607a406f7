package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading supervisord's answers as {@code supervisorctl status} would show them. */
class SupervisorRpcTest {

  /** Cut from a real answer of supervisord 4.2 (Debian bookworm) to getAllProcessInfo. */
  private static final String ANSWER =
      """
      <?xml version='1.0'?>
      <methodResponse>
      <params>
      <param>
      <value><array><data>
      <value><struct>
      <member>
      <name>name</name>
      <value><string>elasticsearch-1</string></value>
      </member>
      <member>
      <name>group</name>
      <value><string>elasticsearch-1</string></value>
      </member>
      <member>
      <name>statename</name>
      <value><string>RUNNING</string></value>
      </member>
      <member>
      <name>spawnerr</name>
      <value><string></string></value>
      </member>
      <member>
      <name>pid</name>
      <value><int>13385</int></value>
      </member>
      <member>
      <name>description</name>
      <value><string>pid 13385, uptime 0:22:59</string></value>
      </member>
      </struct></value>
      <value><struct>
      <member>
      <name>name</name>
      <value><string>gateway-1</string></value>
      </member>
      <member>
      <name>group</name>
      <value><string>gateway-1</string></value>
      </member>
      <member>
      <name>statename</name>
      <value><string>STOPPED</string></value>
      </member>
      <member>
      <name>pid</name>
      <value><int>0</int></value>
      </member>
      <member>
      <name>description</name>
      <value><string>Not started &amp; waiting</string></value>
      </member>
      </struct></value>
      </data></array></value>
      </param>
      </params>
      </methodResponse>
      """;

  @Test
  void readsEachProgramsStateAndThePidOfOneThatRuns() throws IOException {
    Map<String, Supervisor.State> states = SupervisorRpc.states(ANSWER);

    assertThat(states)
        .containsOnlyKeys("elasticsearch-1", "gateway-1")
        .containsEntry("elasticsearch-1", new Supervisor.State("elasticsearch-1", "RUNNING", 13385))
        .containsEntry("gateway-1", new Supervisor.State("gateway-1", "STOPPED", null));
    assertThat(states.get("elasticsearch-1").running()).isTrue();
    assertThat(states.get("gateway-1").running()).isFalse();
  }

  @Test
  void namesAProgramInAGroupAsSupervisorctlDoes() throws IOException {
    String answer =
        ANSWER.replaceFirst(
            "<name>group</name>\\s*<value><string>gateway-1</string></value>",
            "<name>group</name>\n<value><string>web</string></value>");

    assertThat(SupervisorRpc.states(answer)).containsKey("web:gateway-1");
  }

  @Test
  void refusesAProcessWithoutAState() {
    String broken = ANSWER.replace("<name>statename</name>", "<name>other</name>");

    assertThatThrownBy(() -> SupervisorRpc.states(broken))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("without name or state");
  }
}
