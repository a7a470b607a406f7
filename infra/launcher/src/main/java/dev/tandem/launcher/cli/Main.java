package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.LauncherException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * {@code ./tandem}: runs the whole platform on one Linux machine, each instance on its own
 * network-namespace host, supervised by supervisord. Exit codes: 0 done, 1 failed, 2 usage error, 3
 * nothing is up. The commands are those of {@link Commands#TABLE}.
 */
public final class Main {

  static final int DONE = 0;
  static final int FAILED = 1;
  static final int USAGE_ERROR = 2;
  static final int NOT_UP = 3;

  /** {@code ./tandem help}, generated from the command table. */
  public static final String USAGE = Commands.usage();

  private final Invocation invocation;

  public Main(Path root, String clusterName, PrintStream out) {
    this(root, clusterName, out, root);
  }

  /**
   * @param workingDirectory where the user ran {@code ./tandem}: file arguments are relative to it
   *     (the script itself changes to the repository root)
   */
  public Main(Path root, String clusterName, PrintStream out, Path workingDirectory) {
    Contexts contexts = new Contexts(root, Cluster.validName(clusterName));
    this.invocation = new Invocation(root, out, workingDirectory, contexts);
  }

  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("tandem.root", ".")).toAbsolutePath().normalize();
    int code =
        exitCode(
            () -> {
              String name =
                  Optional.ofNullable(System.getenv("TANDEM_CLUSTER")).orElse(Cluster.DEFAULT_NAME);
              Path workingDirectory =
                  Path.of(System.getProperty("tandem.cwd", ".")).toAbsolutePath().normalize();
              return new Main(root, name, System.out, workingDirectory).run(List.of(args));
            });
    System.out.flush();
    System.exit(code);
  }

  /** The command's own exit code, or the one its failure stands for, the failure on stderr. */
  static int exitCode(IntSupplier command) {
    try {
      return command.getAsInt();
    } catch (NotUp e) {
      System.err.println("tandem: " + e.getMessage());
      return NOT_UP;
    } catch (LauncherException e) {
      System.err.println("tandem: " + e.getMessage());
      return FAILED;
    }
  }

  public int run(List<String> args) {
    if (args.isEmpty()) {
      invocation.out().print(USAGE);
      return USAGE_ERROR;
    }
    String name = args.getFirst();
    Optional<Command> command = Commands.find(name);
    if (command.isEmpty()) {
      return invocation.usage("unknown command '" + name + "'");
    }
    return command.get().handler().run(invocation, args.subList(1, args.size()));
  }

  static int help(Invocation invocation, List<String> args) {
    invocation.out().print(USAGE);
    return DONE;
  }

  /** Nothing is up: exit 3, so scripts can tell "not running" from "broken". */
  public static final class NotUp extends LauncherException {
    public NotUp(String message) {
      super(message);
    }
  }
}
