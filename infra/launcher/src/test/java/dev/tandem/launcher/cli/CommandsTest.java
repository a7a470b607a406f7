package dev.tandem.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.rules.RuleFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CommandsTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Main main =
      new Main(Path.of("../.."), "tandem", new PrintStream(out, true, StandardCharsets.UTF_8));

  @Test
  void theHelpListsEveryFormOfEveryListedCommand() {
    for (Command command : Commands.TABLE) {
      for (Command.Form form : command.forms()) {
        String synopsis = (command.name() + " " + form.args()).strip();
        assertThat(Main.USAGE.lines())
            .anyMatch(
                line -> line.equals("  " + synopsis) || line.startsWith("  " + synopsis + "  "));
        assertThat(Main.USAGE).contains(form.help());
      }
    }
  }

  @Test
  void everyCommandLineOfTheHelpIsACommandOfTheTable() {
    List<String> named =
        Main.USAGE
            .lines()
            .filter(line -> line.matches("  \\S.*"))
            .map(line -> line.strip().split(" ")[0])
            .distinct()
            .toList();
    List<String> listed =
        Commands.TABLE.stream().filter(Command::listed).map(Command::name).toList();

    assertThat(named).containsExactlyElementsOf(listed);
  }

  @Test
  void theHelpNamesTheApplicationsWhoseRulesItShows() {
    assertThat(Main.USAGE).contains("or of all: " + String.join(", ", RuleFile.APPLICATIONS));
  }

  @Test
  void aCommandIsNamedOnce() {
    List<String> names = Commands.TABLE.stream().flatMap(c -> c.names().stream()).toList();

    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void onlyTheScriptsOwnCommandsHaveNoHandlerAndTheHiddenOnesHaveOne() {
    assertThat(Commands.TABLE)
        .filteredOn(c -> !c.listed())
        .allSatisfy(c -> assertThat(c.byScript()).isFalse());
    assertThat(Commands.find("drill")).isEmpty();
    assertThat(Commands.find("--help")).map(Command::name).contains("help");
  }

  @Test
  void anUnknownCommandIsAUsageErrorThatPrintsTheUsage() {
    String err = stderr(() -> assertThat(main.run(List.of("frobnicate"))).isEqualTo(2));

    assertThat(err).startsWith("tandem: unknown command 'frobnicate'\n").endsWith(Main.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aCommandTheScriptRunsItselfIsUnknownToTheLauncher() {
    String err = stderr(() -> assertThat(main.run(List.of("drill", "all"))).isEqualTo(2));

    assertThat(err).startsWith("tandem: unknown command 'drill'\n");
  }

  @Test
  void helpPrintsTheUsageAndNoArgumentsIsAUsageError() {
    assertThat(main.run(List.of("--help"))).isZero();
    assertThat(main.run(List.of())).isEqualTo(2);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Main.USAGE + Main.USAGE);
  }

  @Test
  void argumentErrorsAreUsageErrorsBeforeAnyClusterIsLookedFor() {
    stderr(
        () -> {
          assertThat(main.run(List.of("up", "huge"))).isEqualTo(2);
          assertThat(main.run(List.of("down", "--now"))).isEqualTo(2);
          assertThat(main.run(List.of("kill"))).isEqualTo(2);
          assertThat(main.run(List.of("stop", "a", "b"))).isEqualTo(2);
          assertThat(main.run(List.of("hang"))).isEqualTo(2);
          assertThat(main.run(List.of("logs", "-f"))).isEqualTo(2);
          assertThat(main.run(List.of("mysql", "rebuild", "mysql-0-1"))).isEqualTo(2);
          assertThat(main.run(List.of("rules", "show", "nginx"))).isEqualTo(2);
          assertThat(main.run(List.of("unblock"))).isEqualTo(2);
          assertThat(main.run(List.of("block", "not an address"))).isEqualTo(2);
          assertThat(main.run(List.of("compose", "env", "huge"))).isEqualTo(2);
        });
  }

  @Test
  void nothingUpIsExitCodeThreeForTheCommandsThatAskWhetherItIs(@TempDir Path empty) {
    Main main = new Main(empty, "tandem", new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(main.run(List.of("is-up"))).isEqualTo(3);
    assertThat(main.run(List.of("profile"))).isEqualTo(3);
    assertThat(main.run(List.of("status", "--json"))).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"profile\": null, \"vip\": {\"address\": null, \"holder\": null},"
                + " \"instances\": []}\n");
    assertThatThrownBy(() -> main.run(List.of("env")))
        .isInstanceOf(Main.NotUp.class)
        .hasMessage("cluster 'tandem' is not up; start it with ./tandem up [lite|ha]");
  }

  @Test
  void aFailureExitsOneAndNothingUpExitsThreeWithTheMessageOnStandardError(@TempDir Path empty) {
    Main idle = new Main(empty, "tandem", new PrintStream(out, true, StandardCharsets.UTF_8));

    String notUp =
        stderr(() -> assertThat(Main.exitCode(() -> idle.run(List.of("env")))).isEqualTo(3));
    String failed =
        stderr(
            () ->
                assertThat(Main.exitCode(() -> main.run(List.of("restart", "--rolling", "redis"))))
                    .isEqualTo(1));

    assertThat(notUp)
        .isEqualTo("tandem: cluster 'tandem' is not up; start it with ./tandem up [lite|ha]\n");
    assertThat(failed).startsWith("tandem: cannot roll 'redis'");
  }

  private static String stderr(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
