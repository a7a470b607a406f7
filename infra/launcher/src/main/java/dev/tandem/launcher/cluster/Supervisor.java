package dev.tandem.launcher.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cluster's supervisord: one per cluster, on the machine, starting each program inside its
 * host's namespace. Programs never restart by themselves: a drill that kills one must see it stay
 * dead until {@code ./tandem start}.
 */
public final class Supervisor {

  /** How to run one instance: the command, its environment, and how long it may take to stop. */
  public record Program(
      String name, List<String> command, Map<String, String> environment, int stopWaitSeconds) {}

  /** What supervisord reports for one program. */
  public record State(String name, String state, Integer pid) {
    public boolean running() {
      return state.equals("RUNNING") || state.equals("STARTING");
    }
  }

  private final Cluster cluster;

  public Supervisor(Cluster cluster) {
    this.cluster = cluster;
  }

  public Path config() {
    return cluster.state.resolve("supervisord.conf");
  }

  Path socket() {
    return cluster.state.resolve("run/supervisor.sock");
  }

  Path pidFile() {
    return cluster.state.resolve("run/supervisord.pid");
  }

  void writeConfig(List<Program> programs) {
    StringBuilder conf = new StringBuilder();
    conf.append("; written by ./tandem up for cluster ").append(cluster.name).append('\n');
    conf.append("[unix_http_server]\nfile=").append(socket()).append("\nchmod=0700\n\n");
    conf.append("[supervisord]\n")
        .append("logfile=")
        .append(cluster.logs().resolve("supervisord.log"))
        .append('\n')
        .append("pidfile=")
        .append(pidFile())
        .append('\n')
        .append("childlogdir=")
        .append(cluster.logs())
        .append('\n')
        // Elasticsearch wants 65535 open files; children inherit this limit. supervisord refuses to
        // start when asked for more than the hard limit, so ask for no more than there is.
        .append("minfds=")
        .append(Math.min(65536, Limits.openFiles()))
        .append("\nminprocs=4096\n\n");
    conf.append("[rpcinterface:supervisor]\n")
        .append(
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n");
    conf.append("[supervisorctl]\nserverurl=unix://").append(socket()).append("\n\n");
    for (Program program : programs) {
      conf.append("[program:")
          .append(program.name())
          .append("]\n")
          .append("command=")
          .append(quote(program.command()))
          .append('\n')
          .append("autostart=false\nautorestart=false\nstartsecs=0\nstartretries=0\n")
          .append("stopsignal=TERM\nstopasgroup=true\nkillasgroup=true\n")
          .append("stopwaitsecs=")
          .append(program.stopWaitSeconds())
          .append('\n')
          .append("redirect_stderr=true\n")
          .append("stdout_logfile=")
          .append(cluster.logs().resolve(program.name() + ".log"))
          .append('\n')
          .append("stdout_logfile_maxbytes=20MB\nstdout_logfile_backups=2\n");
      if (!program.environment().isEmpty()) {
        conf.append("environment=")
            .append(
                program.environment().entrySet().stream()
                    .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
                    .collect(Collectors.joining(",")))
            .append('\n');
      }
      conf.append('\n');
    }
    try {
      Files.createDirectories(cluster.logs());
      Files.createDirectories(socket().getParent());
      // The services' environment is in here, database passwords included: root only.
      Files.deleteIfExists(config());
      Files.createFile(
          config(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(config(), conf.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean running() {
    if (!Files.exists(socket())) {
      return false;
    }
    try {
      rpc().ping();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private SupervisorRpc rpc() {
    return new SupervisorRpc(socket(), Duration.ofSeconds(10));
  }

  /** Starts supervisord, or makes a running one pick up a changed configuration. */
  void ensureRunning() {
    if (running()) {
      ctl(List.of("reread"), Duration.ofSeconds(30));
      ctl(List.of("update"), Duration.ofSeconds(60));
      return;
    }
    try {
      Files.deleteIfExists(socket());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Proc.check(List.of("supervisord", "-c", config().toString()), Duration.ofSeconds(30));
    if (!Waits.until(Duration.ofSeconds(20), Duration.ofMillis(200), this::running)) {
      throw new LauncherException(
          "supervisord did not answer on "
              + socket()
              + "; see "
              + cluster.logs().resolve("supervisord.log"));
    }
  }

  public void start(List<String> names) {
    if (!names.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("start"));
      args.addAll(names);
      ctl(args, Duration.ofSeconds(120));
    }
  }

  public void stop(List<String> names) {
    if (!names.isEmpty()) {
      resume(names);
      List<String> args = new ArrayList<>(List.of("stop"));
      args.addAll(names);
      ctl(args, Duration.ofSeconds(180));
    }
  }

  /** Stops every program, then supervisord itself. */
  public void shutdown() {
    if (!running()) {
      return;
    }
    resume(List.copyOf(states().keySet()));
    ctl(List.of("stop", "all"), Duration.ofSeconds(300));
    ctl(List.of("shutdown"), Duration.ofSeconds(60));
    Waits.until(Duration.ofSeconds(30), Duration.ofMillis(200), () -> !Files.exists(pidFile()));
  }

  /**
   * SIGCONT to the process groups of these programs, if running: a process hung with SIGSTOP
   * ({@code ./tandem hang}) would hold SIGTERM pending, and its stop would wait out stopwaitsecs
   * before the SIGKILL instead of shutting down gracefully. A running process ignores SIGCONT.
   */
  private void resume(List<String> names) {
    Map<String, State> states = states();
    List<String> command = new ArrayList<>(List.of("kill", "-CONT", "--"));
    for (String name : names) {
      State state = states.get(name);
      if (state != null && state.running() && state.pid() != null) {
        command.add("-" + state.pid());
      }
    }
    if (command.size() > 3) {
      // a group that exited meanwhile makes kill fail; the others got the signal all the same
      Proc.run(command, Duration.ofSeconds(5));
    }
  }

  /** Every program's state; empty when supervisord does not run or does not answer. */
  public Map<String, State> states() {
    if (!Files.exists(socket())) {
      return new HashMap<>();
    }
    try {
      return rpc().states();
    } catch (IOException e) {
      return new HashMap<>();
    }
  }

  Proc.Result ctl(List<String> args, Duration timeout) {
    List<String> command = new ArrayList<>(List.of("supervisorctl", "-c", config().toString()));
    command.addAll(args);
    return Proc.run(command, timeout);
  }

  private static String quote(List<String> command) {
    return command.stream()
        .map(
            arg ->
                arg.matches("[A-Za-z0-9_./:=,@+-]+")
                    ? arg
                    : "'" + arg.replace("'", "'\"'\"'") + "'")
        .map(arg -> arg.replace("%", "%%"))
        .collect(Collectors.joining(" "));
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%");
  }
}
