package dev.tandem.launcher.product.mysql.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local MariaDB process, as far as the guard may touch it: kill it as a fence, and start it
 * again through the cluster's supervisord with settings that only the guard knows to be right
 * ({@code recovery.cnf}, included by {@code my.cnf}). The guard never starts a server that it did
 * not kill itself: one that an operator killed stays down until {@code ./tandem start}.
 */
public class ServerProcess {

  private final Path pidFile;
  private final Path recoveryFile;
  private final Path supervisorConfig;
  private final String program;

  ServerProcess(Path pidFile, Path recoveryFile, Path supervisorConfig, String program) {
    this.pidFile = pidFile;
    this.recoveryFile = recoveryFile;
    this.supervisorConfig = supervisorConfig;
    this.program = program;
  }

  private Optional<ProcessHandle> server() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** SIGKILL: instant, works on a hung (even stopped) process, and leaves prepared commits be. */
  void kill() throws IOException {
    Optional<ProcessHandle> server = server();
    if (server.isEmpty()) {
      return;
    }
    server.get().destroyForcibly();
    try {
      server.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("mariadbd " + server.get().pid() + " did not exit after SIGKILL", e);
    }
  }

  /**
   * Starts the server again with the given recovery settings ({@code [mariadbd]} lines): for
   * example {@code init_rpl_role = SLAVE}, so that crash recovery cuts transactions that no replica
   * acknowledged instead of committing them.
   */
  void start(String why, List<String> settings) throws IOException {
    writeRecovery(why, settings);
    supervisorctl("start", Duration.ofSeconds(90));
  }

  /** A graceful restart with other settings (the diverged server's loopback-only binding). */
  void restart(String why, List<String> settings) throws IOException {
    writeRecovery(why, settings);
    supervisorctl("stop", Duration.ofSeconds(90));
    supervisorctl("start", Duration.ofSeconds(90));
  }

  private void writeRecovery(String why, List<String> settings) throws IOException {
    StringBuilder text = new StringBuilder("# written by the guard: ").append(why).append('\n');
    text.append("[mariadbd]\n");
    settings.forEach(line -> text.append(line).append('\n'));
    Path partial = recoveryFile.resolveSibling(recoveryFile.getFileName() + ".partial");
    Files.writeString(partial, text.toString(), StandardCharsets.UTF_8);
    Files.move(
        partial, recoveryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void supervisorctl(String verb, Duration limit) throws IOException {
    Process process =
        new ProcessBuilder("supervisorctl", "-c", supervisorConfig.toString(), verb, program)
            .redirectErrorStream(true)
            .start();
    try {
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("supervisorctl " + verb + " " + program + " took too long");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0 && !output.contains("ALREADY_STARTED")) {
        throw new IOException("supervisorctl " + verb + " " + program + ": " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
