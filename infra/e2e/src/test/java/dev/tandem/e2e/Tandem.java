package dev.tandem.e2e;

import dev.tandem.platform.testing.TandemEnvironment;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that controls the cluster's instances ({@code stop}, {@code start}, {@code status
 * --json}, {@code logs}): {@code ./tandem VERB} for the native cluster, {@code ./tandem compose
 * VERB} for the compose one, which says so in its endpoints ({@code TANDEM_RUNTIME=compose}, as
 * {@code ./tandem compose env} prints). Both take the same names and print the same shapes.
 */
final class Tandem {

  private Tandem() {}

  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TandemEnvironment.root().resolve("tandem").toString());
    if (TandemEnvironment.find("TANDEM_RUNTIME").filter("compose"::equals).isPresent()) {
      command.add("compose");
    }
    command.addAll(List.of(args));
    return command;
  }
}
