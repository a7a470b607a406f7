package dev.tandem.launcher.cli;

import dev.tandem.launcher.cli.Command.Form;
import dev.tandem.launcher.cluster.Tokens;
import dev.tandem.platform.security.KeyDirectory;
import java.util.List;
import java.util.Optional;

/**
 * Every command of {@code ./tandem}, in the order the help lists them: the only place a command is
 * named. {@link Main} dispatches through it and {@code ./tandem help} is printed from it.
 */
final class Commands {

  static final List<Command> TABLE =
      List.of(
          Command.launcher(
              "up",
              Lifecycle::up,
              new Form(
                  "[lite|ha]",
                  "create the hosts, start everything, wait until it works (default: ha)")),
          Command.launcher(
              "down",
              Lifecycle::down,
              new Form(
                  "[--purge]",
                  "stop everything and remove the hosts; --purge also deletes data and logs")),
          Command.launcher(
              "status",
              Lifecycle::status,
              new Form(
                  "[--json]",
                  "one row per instance: name, component, host, address, role, healthy, pid")),
          Command.launcher(
              "kill",
              Instances::kill,
              new Form(
                  "NAME...", "SIGKILL the instances (and their children), all at the same moment")),
          Command.launcher(
              "stop",
              Instances::stop,
              new Form("NAME", "SIGTERM the instance and wait for it to exit")),
          Command.launcher(
              "hang",
              Instances::hang,
              new Form(
                  "NAME...",
                  "SIGSTOP the instances (and their children), all at the same moment:",
                  "their ports stay open and nothing answers")),
          Command.launcher(
              "resume",
              Instances::resume,
              new Form("NAME...", "SIGCONT them (harmless on an instance that is not hung)")),
          Command.launcher(
              "start",
              Instances::start,
              new Form(
                  "NAME", "start a stopped or killed instance (it rejoins as replica/follower)")),
          Command.launcher(
              "restart",
              Instances::restart,
              new Form(
                  "--rolling SERVICE|all [--warm-up SECONDS]",
                  "restart a service's instances one at a time from the newest build,",
                  "each ready and registered (then warmed up, default "
                      + RollingRestart.DEFAULT_WARM_UP.toSeconds()
                      + " s) before the",
                  "next stops; services: member-service, promotion-service,",
                  "site-service, gateway")),
          Command.launcher(
              "isolate",
              Instances::isolate,
              new Form("NAME", "cut the instance's host off the network")),
          Command.launcher("heal", Instances::heal, new Form("NAME", "reconnect it")),
          Command.launcher(
              "logs",
              Instances::logs,
              new Form("NAME [-f]", "print the end of the instance's log; -f follows it")),
          Command.launcher(
              "mysql",
              Instances::mysql,
              new Form(
                  "rejoin NAME [--rebuild]",
                  "make a MySQL server a replica of its shard's writer again; --rebuild",
                  "clones the writer (for a server that diverged: its data is kept aside)")),
          Command.launcher(
              "env",
              Lifecycle::env,
              new Form("", "print the endpoints as KEY=value lines (integration tests read them)")),
          Command.launcher(
              "token",
              TokenCommands::token,
              new Form(
                  "--admin|--member ID [--ttl MINUTES]",
                  "print an access token (and only it) for an operator, or for the",
                  "member ID, signed with the cluster's key; it lives MINUTES",
                  "(default 15, at most 60)")),
          Command.launcher(
              "rotate-keys",
              TokenCommands::rotateKeys,
              new Form(
                  "",
                  "add the next signing key: published at once, signing "
                      + KeyDirectory.PROPAGATION.toSeconds()
                      + " s later;",
                  "the key it replaces verifies until its tokens expire, and the next",
                  "rotation can run "
                      + Tokens.MAX_LIFETIME.toMinutes()
                      + " minutes after this one's key starts signing")),
          Command.launcher(
              "rules",
              RuleCommands::rules,
              new Form(
                  "show [APP]",
                  "print the Sentinel rules in force (from ZooKeeper) of one application",
                  "or of all: gateway, site-service, member-service, promotion-service"),
              new Form(
                  "apply FILE",
                  "check FILE ({\"application\": APP, \"KIND\": [rules...]}, or an array of",
                  "such objects), then replace the rules of the kinds it names; every",
                  "instance takes them within seconds. Kinds: flow, degrade, system,",
                  "param-flow, authority, gw-flow, gw-api-group; [] clears a kind")),
          Command.launcher(
              "block",
              RuleCommands::block,
              new Form(
                  "[ADDRESS|member:ID...]",
                  "add client addresses or member ids to the block list the gateways",
                  "answer 403; without arguments, print the list")),
          Command.launcher(
              "unblock",
              RuleCommands::unblock,
              new Form("ADDRESS|member:ID...", "take them off it again")),
          Command.script(
              "test", new Form("", "start lite if nothing is up, then run ./mvnw verify")),
          Command.launcher(
              "compose",
              ComposeCommands::compose,
              new Form(
                  "render",
                  "render docker-compose.yml's configs, of every profile, into",
                  ".tandem/compose/PROFILE/ from the same templates as the native",
                  "cluster's"),
              new Form("env [lite|ha]", "the compose cluster's endpoints, as env prints them"),
              new Form(
                  "status [--json] | stop NAME | start NAME | logs NAME",
                  "status, stop, start and logs of the compose cluster's containers,",
                  "as the native verbs (start waits until healthy); compose's files",
                  "from COMPOSE_FILE, its engine from DOCKER_HOST, its profile",
                  "from TANDEM_PROFILE (lite unless set)")),
          Command.script(
              "containers",
              new Form(
                  "up|down|env",
                  "podman's Docker API in a namespace of its own (TANDEM_CLUSTER_ctr)")),
          Command.script("images", new Form("", "build the offline images localhost/tandem/*")),
          Command.script("drill", new Form("NAME|all", "failover drills (see README)")),
          Command.script(
              "bench",
              new Form(
                  "[--quick] [--compare OLD.json]",
                  "per-hop benchmark of whatever is up: capacity at p99 <= 250 ms per",
                  "request class, direct / gateway / nginx, to target/bench/ (see README)")),
          Command.script(
              "load",
              new Form(
                  "[--rate VISITORS/S] [--duration S]",
                  "full-chain load: Gatling visitors sign up, sign in, open the home",
                  "page, search and claim through the entry URL; report in target/load/")),
          Command.script(
              "jdk",
              new Form(
                  "",
                  "print the JDK ./tandem builds with (JAVA_HOME if 21 or newer, else",
                  "the newest under /usr/lib/jvm), for scripts that run ./mvnw")),
          // Not in the help: the script asks `profile` which profile runs and `services` which
          // modules to build; ITs ask `is-up`; the script's `bench --startup ARGS` runs
          // `bench-startup ARGS`.
          Command.internal(List.of("help", "-h", "--help"), Main::help),
          Command.internal(List.of("profile"), Lifecycle::profile),
          Command.internal(List.of("is-up"), Lifecycle::isUp),
          Command.internal(List.of("services"), Lifecycle::services),
          Command.internal(List.of("bench-startup"), StartupBench::run));

  private static final String ENVIRONMENT =
      """
      environment: TANDEM_CLUSTER (default tandem) names the cluster and prefixes its namespaces;
      TANDEM_SUBNET (default from infra/topology.yml) chooses its subnet; TANDEM_UP_TIMEOUT
      (seconds, default 480) bounds each wait of `up` and a started instance's wait for health
      (start, restart); TANDEM_AOT_CACHE=on starts services with a JDK AOT cache trained on their
      first start (default off).
      """;

  /** A usage shorter than this shares its line with the first help line. */
  private static final int COLUMN = 20;

  private Commands() {}

  /** The command the launcher runs by this name; the script's own commands are not among them. */
  static Optional<Command> find(String name) {
    return TABLE.stream().filter(c -> !c.byScript() && c.names().contains(name)).findFirst();
  }

  static String usage() {
    StringBuilder usage = new StringBuilder("usage: ./tandem COMMAND [ARGS]\n\n");
    String indent = " ".repeat(2 + COLUMN);
    for (Command command : TABLE) {
      for (Form form : command.forms()) {
        String synopsis =
            form.args().isEmpty() ? command.name() : command.name() + " " + form.args();
        List<String> help = form.help();
        int next = 0;
        if (synopsis.length() <= COLUMN - 2) {
          usage.append("  ").append(String.format("%-" + COLUMN + "s", synopsis));
          usage.append(help.get(next++)).append('\n');
        } else {
          usage.append("  ").append(synopsis).append('\n');
        }
        help.subList(next, help.size())
            .forEach(line -> usage.append(indent).append(line).append('\n'));
      }
    }
    return usage.append('\n').append(ENVIRONMENT).toString();
  }
}
