package dev.tandem.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every command is run with.
 *
 * @param out where a command prints its result; messages about the run go to standard error
 * @param workingDirectory where the user ran {@code ./tandem}: file arguments are relative to it
 *     (the script itself changes to the repository root)
 * @param contexts the cluster this invocation acts on
 */
record Invocation(Path root, PrintStream out, Path workingDirectory, Contexts contexts) {

  String clusterName() {
    return contexts.clusterName();
  }

  /** A usage error: the problem and the usage on standard error, exit code 2. */
  int usage(String problem) {
    System.err.println("tandem: " + problem);
    System.err.print(Main.USAGE);
    return Main.USAGE_ERROR;
  }

  /** A problem with an argument that needs no usage text to understand, exit code 2. */
  int badArgument(String problem) {
    System.err.println("tandem: " + problem);
    return Main.USAGE_ERROR;
  }
}
