package dev.tandem.launcher.cli;

import java.util.List;

/**
 * One entry of {@link Commands#TABLE}: the names a command answers to, how it is used (the lines of
 * {@code ./tandem help}) and who runs it. A command without a handler is run by the {@code tandem}
 * script itself; it is here so that the help lists it and a test can hold the script to the table.
 * A command without usage lines is internal: scripts and tests call it, the help does not list it.
 */
record Command(List<String> names, Handler handler, List<Form> forms) {

  /** Runs the command with the arguments after its name; returns the exit code. */
  @FunctionalInterface
  interface Handler {
    int run(Invocation invocation, List<String> args);
  }

  /** One way to call the command: its arguments, and the help lines that explain them. */
  record Form(String args, List<String> help) {
    Form(String args, String... help) {
      this(args, List.of(help));
    }
  }

  static Command launcher(String name, Handler handler, Form... forms) {
    return new Command(List.of(name), handler, List.of(forms));
  }

  static Command script(String name, Form... forms) {
    return new Command(List.of(name), null, List.of(forms));
  }

  static Command internal(List<String> names, Handler handler) {
    return new Command(names, handler, List.of());
  }

  String name() {
    return names.getFirst();
  }

  boolean byScript() {
    return handler == null;
  }

  boolean listed() {
    return !forms.isEmpty();
  }
}
