package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit and returns what it printed. */
public final class Proc {

  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private Proc() {}

  public static Result run(List<String> command, Duration timeout) {
    return run(command, Map.of(), timeout);
  }

  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    return run(command, env, "", timeout);
  }

  /** Runs the command with {@code input} on its standard input. */
  public static Result run(List<String> command, String input, Duration timeout) {
    return run(command, Map.of(), input, timeout);
  }

  private static Result run(
      List<String> command, Map<String, String> env, String input, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        // small (a batch of ip commands): it fits the pipe, so writing first cannot dead-lock
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      // Output is small for every command we run, so reading after exit cannot dead-lock in
      // practice; reading on a thread of its own keeps that true for chatty commands too.
      var output = new StringBuilder();
      Thread reader =
          Threads.start(
              () -> {
                try {
                  output.append(
                      new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                  // the process went away; what was read is what there is
                }
              });
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        reader.join(1000);
        return new Result(124, output + "\n(timed out after " + timeout.toSeconds() + " s)");
      }
      reader.join();
      return new Result(process.exitValue(), output.toString());
    } catch (IOException e) {
      return new Result(127, command.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "interrupted");
    }
  }

  /** Runs the command and fails with its output when it does not exit 0. */
  public static String check(List<String> command, Duration timeout) {
    return check(command, "", timeout);
  }

  /** Like {@link #check(List, Duration)}, with {@code input} on the command's standard input. */
  public static String check(List<String> command, String input, Duration timeout) {
    Result result = run(command, input, timeout);
    if (!result.ok()) {
      throw new LauncherException(
          String.join(" ", command)
              + " failed (exit "
              + result.exit()
              + "): "
              + result.output().strip());
    }
    return result.output();
  }

  public static String check(String... command) {
    return check(List.of(command), Duration.ofSeconds(30));
  }
}
