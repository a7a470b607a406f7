package dev.tandem.launcher.compose;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.keepalived.Keepalived;
import java.nio.file.Path;
import java.util.List;

/** The containers of replicated MySQL shards: a server, its guard and its keepalived each. */
final class MySqlHosts {

  private final ComposeConfigs configs;

  MySqlHosts(ComposeConfigs configs) {
    this.configs = configs;
  }

  /** The MySQL hosts of replicated shards: a server, its guard and its keepalived. */
  List<Topology.Host> withGuards() {
    return configs.context().topology().of("mysql-guard").stream()
        .map(Instance::host)
        .distinct()
        .toList();
  }

  /**
   * The supervisord of a MySQL host's container: the guard starts and stops the server through it
   * ({@code supervisorctl}, as natively) and reads its pid, so the three share one container and
   * one PID namespace. All three start at once: the guard waits for its server, and keepalived
   * holds the VIP only once the guard's track file names this host the writer.
   */
  String supervisord(Topology.Host host) {
    StringBuilder out = new StringBuilder();
    out.append("; rendered by ./tandem compose render for host ")
        .append(host.name())
        .append("; do not edit\n")
        .append("[supervisord]\nnodaemon=true\nuser=root\nlogfile=/dev/null\n")
        .append("logfile_maxbytes=0\npidfile=/tandem/run/supervisord.pid\n\n")
        .append("[unix_http_server]\nfile=/tandem/run/supervisor.sock\n\n")
        .append("[supervisorctl]\nserverurl=unix:///tandem/run/supervisor.sock\n\n")
        .append("[rpcinterface:supervisor]\n")
        .append(
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n");
    for (Instance instance : configs.context().topology().onHost(host)) {
      Path conf = Path.of(ComposeConfigs.MOUNT, "conf", instance.name());
      String command =
          switch (instance.component()) {
            case "mysql" -> "mariadbd --defaults-file=" + conf.resolve("my.cnf");
            case "mysql-guard" ->
                "java "
                    + instance.heap().initialOption()
                    + " "
                    + instance.heap().maxOption()
                    + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
                    + " -cp '/opt/tandem/guard/*' dev.tandem.launcher.product.mysql.guard.GuardMain "
                    + conf.resolve("guard.properties");
            case "keepalived" ->
                conf.resolve("keepalived-run.sh")
                    + " "
                    + conf.resolve(instance.config())
                    + " "
                    + configs.inContainer(configs.context().cluster().run(instance).toString())
                    + " "
                    + Keepalived.vipOf(configs.context(), instance).address()
                    + "/"
                    + configs.context().topology().subnet().prefix()
                    + " "
                    + configs.context().topology().networkInterface();
            default ->
                throw new LauncherException(
                    instance.name() + ": no compose program for " + instance.component());
          };
      out.append("\n[program:")
          .append(instance.name())
          .append("]\ncommand=")
          .append(command)
          .append("\nautostart=true\nautorestart=false\nstartsecs=0\nstopwaitsecs=")
          .append(configs.context().product(instance.component()).stopWaitSeconds())
          .append("\nstopasgroup=true\nkillasgroup=true\n")
          .append("stdout_logfile=/dev/fd/1\nstdout_logfile_maxbytes=0\nredirect_stderr=true\n");
    }
    return out.toString();
  }
}
