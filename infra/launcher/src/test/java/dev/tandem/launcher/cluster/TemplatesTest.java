package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class TemplatesTest {

  @Test
  void replacesEveryVariableAndLeavesTheProductsOwnSyntaxAlone() {
    String nginx = "listen {{address}}:{{port}};\nproxy_set_header X-Real-IP $remote_addr;\n";

    String rendered =
        Templates.render(nginx, Map.of("address", "10.247.0.61", "port", "80"), "nginx.conf");

    assertThat(rendered)
        .isEqualTo("listen 10.247.0.61:80;\nproxy_set_header X-Real-IP $remote_addr;\n");
  }

  @Test
  void valuesWithRegexCharactersAreInsertedLiterally() {
    assertThat(Templates.render("a={{v}}", Map.of("v", "$1\\x"), "t")).isEqualTo("a=$1\\x");
  }

  @Test
  void anUndefinedVariableFailsNamingTheTemplateAndTheVariable() {
    assertThatThrownBy(() -> Templates.render("{{adress}}", Map.of("address", "x"), "zoo.cfg"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("zoo.cfg")
        .hasMessageContaining("adress");
  }

  private static final String UPSTREAM =
      "upstream gateways {\n"
          + "  {{#each gateway in gateways}}\n"
          + "  server {{gateway.address}}:{{port}};\n"
          + "  {{/each}}\n"
          + "}\n";

  @Test
  void aLoopRendersItsBlockOncePerItemWithTheOuterVariablesInReach() {
    String rendered =
        Templates.render(
            UPSTREAM,
            Map.of("port", "8080"),
            Map.of(
                "gateways", List.of(Map.of("address", "10.0.0.1"), Map.of("address", "10.0.0.2"))),
            "nginx.conf");

    assertThat(rendered)
        .isEqualTo("upstream gateways {\n  server 10.0.0.1:8080;\n  server 10.0.0.2:8080;\n}\n");
  }

  @Test
  void anInlineLoopPutsItsSeparatorBetweenItems() {
    String rendered =
        Templates.render(
            "voters={{#each v in voters separator \",\"}}{{v.id}}@{{v.address}}{{/each}}\n",
            Map.of(),
            Map.of(
                "voters",
                List.of(Map.of("id", "1", "address", "a"), Map.of("id", "2", "address", "b"))),
            "server.properties");

    assertThat(rendered).isEqualTo("voters=1@a,2@b\n");
  }

  @Test
  void anEmptyListRendersNothing() {
    String rendered =
        Templates.render(UPSTREAM, Map.of("port", "8080"), Map.of("gateways", List.of()), "t");

    assertThat(rendered).isEqualTo("upstream gateways {\n}\n");
  }

  @Test
  void anUndefinedVariableInsideALoopFailsEvenWhenTheListIsEmpty() {
    for (List<Map<String, String>> gateways :
        List.of(List.<Map<String, String>>of(), List.of(Map.of("address", "a")))) {
      assertThatThrownBy(
              () ->
                  Templates.render(
                      UPSTREAM, Map.of("prot", "8080"), Map.of("gateways", gateways), "nginx.conf"))
          .isInstanceOf(LauncherException.class)
          .hasMessageContaining("nginx.conf")
          .hasMessageContaining("port");
    }
  }

  @Test
  void anUnknownFieldOfAnItemFails() {
    assertThatThrownBy(
            () ->
                Templates.render(
                    "{{#each g in gateways}}{{g.adress}}{{/each}}",
                    Map.of(),
                    Map.of("gateways", List.of(Map.of("address", "a"))),
                    "nginx.conf"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("g.adress");
  }

  @Test
  void anUnknownListFails() {
    assertThatThrownBy(
            () -> Templates.render(UPSTREAM, Map.of("port", "80"), Map.of(), "nginx.conf"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("nginx.conf")
        .hasMessageContaining("gateways");
  }

  @Test
  void anUnclosedLoopFailsNamingTheTemplate() {
    assertThatThrownBy(
            () ->
                Templates.render(
                    "{{#each g in gateways}}{{g.address}}\n",
                    Map.of(),
                    Map.of("gateways", List.of()),
                    "nginx.conf"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("nginx.conf")
        .hasMessageContaining("open");
  }

  @Test
  void aMalformedOrStrayBlockTagFails() {
    for (String template : List.of("{{#each gateways}}x{{/each}}", "x{{/each}}")) {
      assertThatThrownBy(
              () -> Templates.render(template, Map.of(), Map.of("gateways", List.of()), "t"))
          .as(template)
          .isInstanceOf(LauncherException.class)
          .hasMessageContaining("t ");
    }
  }

  @Test
  void aLoopInsideALoopReachesTheOuterLists() {
    String template =
        "{{#each it in seeded}}\nseeds: [{{#each n in nodes separator \", \"}}\"{{n.name}}\"{{/each}}]\n{{/each}}";
    List<Map<String, String>> nodes = List.of(Map.of("name", "a"), Map.of("name", "b"));

    assertThat(
            Templates.render(
                template, Map.of(), Map.of("seeded", List.of(Map.of()), "nodes", nodes), "t"))
        .isEqualTo("seeds: [\"a\", \"b\"]\n");
    assertThat(
            Templates.render(template, Map.of(), Map.of("seeded", List.of(), "nodes", nodes), "t"))
        .isEmpty();
  }
}
