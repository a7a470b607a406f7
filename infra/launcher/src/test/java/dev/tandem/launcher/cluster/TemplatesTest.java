package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
