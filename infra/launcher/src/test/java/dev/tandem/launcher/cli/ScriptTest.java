package dev.tandem.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The {@code tandem} script and the command table name the same commands. */
public class ScriptTest {

  private static final Path SCRIPT = Path.of("../../tandem");

  /** An arm of {@code case "$command" in}: {@code start | restart)}. */
  private static final Pattern ARM = Pattern.compile("^\\s+([-a-z]+(?:\\s*\\|\\s*[-a-z]+)*)\\)$");

  /** A test of the command outside a case: {@code [ "$command" = jdk ]}. */
  private static final Pattern TEST = Pattern.compile("\"\\$command\" = ([-a-z]+)");

  @Test
  void everyCommandTheScriptDispatchesIsInTheTable() throws IOException {
    Set<String> dispatched = dispatched(Files.readString(SCRIPT));
    List<String> names = Commands.TABLE.stream().flatMap(c -> c.names().stream()).toList();

    assertThat(dispatched).contains("help", "up", "drill", "jdk");
    assertThat(names).containsAll(dispatched);
  }

  @Test
  void everyCommandTheTableLeavesToTheScriptIsDispatchedByIt() throws IOException {
    Set<String> dispatched = dispatched(Files.readString(SCRIPT));
    List<String> byScript =
        Commands.TABLE.stream().filter(Command::byScript).map(Command::name).toList();

    assertThat(byScript).isNotEmpty();
    assertThat(dispatched).containsAll(byScript);
  }

  @Test
  void theParserFindsArmsAndTests() {
    String script =
        """
        if [ "$command" = jdk ]; then
          exit 0
        fi
        case "$command" in
          start | restart)
            launcher "$@"
            ;;
          drill)
            case "$2" in
              x) ;;
            esac
            ;;
          *)
            launcher "$@"
            ;;
        esac
        """;

    assertThat(dispatched(script)).containsExactlyInAnyOrder("jdk", "start", "restart", "drill");
  }

  /** The commands the script names in {@code case "$command" in} arms and in tests of it. */
  static Set<String> dispatched(String script) {
    Set<String> names = new LinkedHashSet<>();
    Matcher test = TEST.matcher(script);
    while (test.find()) {
      names.add(test.group(1));
    }
    int depth = 0;
    boolean inCommand = false;
    for (String line : script.lines().toList()) {
      String code = line.strip();
      if (code.startsWith("case ")) {
        depth++;
        if (depth == 1) {
          inCommand = code.equals("case \"$command\" in");
        }
      } else if (code.equals("esac")) {
        depth--;
      } else if (inCommand && depth == 1) {
        Matcher arm = ARM.matcher(line);
        if (arm.matches()) {
          Arrays.stream(arm.group(1).split("\\|")).map(String::strip).forEach(names::add);
        }
      }
    }
    return names;
  }
}
