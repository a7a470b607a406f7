package dev.tandem.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nimbusds.jose.jwk.ECKey;
import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Down;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Logs;
import dev.tandem.launcher.cluster.Network;
import dev.tandem.launcher.cluster.Observer;
import dev.tandem.launcher.cluster.StatusReport;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Tokens;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.cluster.Up;
import dev.tandem.launcher.compose.ComposeConfigs;
import dev.tandem.launcher.compose.ComposeControl;
import dev.tandem.launcher.product.mysql.MySqlRejoin;
import dev.tandem.launcher.product.redis.Redis;
import dev.tandem.launcher.rules.BlockList;
import dev.tandem.launcher.rules.ConfigCentre;
import dev.tandem.launcher.rules.LiveRules;
import dev.tandem.launcher.rules.RuleFile;
import dev.tandem.platform.security.KeyDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code ./tandem}: runs the whole platform on one Linux machine, each instance on its own
 * network-namespace host, supervised by supervisord. Exit codes: 0 done, 1 failed, 2 usage error, 3
 * nothing is up.
 */
public final class Main {

  public static final String USAGE =
      """
      usage: ./tandem COMMAND [ARGS]

        up [lite|ha]        create the hosts, start everything, wait until it works (default: ha)
        down [--purge]      stop everything and remove the hosts; --purge also deletes data and logs
        status [--json]     one row per instance: name, component, host, address, role, healthy, pid
        kill NAME...        SIGKILL the instances (and their children), all at the same moment
        stop NAME           SIGTERM the instance and wait for it to exit
        hang NAME...        SIGSTOP the instances (and their children), all at the same moment:
                            their ports stay open and nothing answers
        resume NAME...      SIGCONT them (harmless on an instance that is not hung)
        start NAME          start a stopped or killed instance (it rejoins as replica/follower)
        restart --rolling SERVICE|all [--warm-up SECONDS]
                            restart a service's instances one at a time from the newest build,
                            each ready and registered (then warmed up, default 10 s) before the
                            next stops; services: member-service, promotion-service,
                            site-service, gateway
        isolate NAME        cut the instance's host off the network
        heal NAME           reconnect it
        logs NAME [-f]      print the end of the instance's log; -f follows it
        mysql rejoin NAME [--rebuild]
                            make a MySQL server a replica of its shard's writer again; --rebuild
                            clones the writer (for a server that diverged: its data is kept aside)
        env                 print the endpoints as KEY=value lines (integration tests read them)
        token --admin|--member ID [--ttl MINUTES]
                            print an access token (and only it) for an operator, or for the
                            member ID, signed with the cluster's key; it lives MINUTES
                            (default 15, at most 60)
        rotate-keys         add the next signing key: published at once, signing 30 s later;
                            the key it replaces verifies until its tokens expire, and the next
                            rotation can run 60 minutes after this one's key starts signing
        rules show [APP]    print the Sentinel rules in force (from ZooKeeper) of one application
                            or of all: gateway, site-service, member-service, promotion-service
        rules apply FILE    check FILE ({"application": APP, "KIND": [rules...]}, or an array of
                            such objects), then replace the rules of the kinds it names; every
                            instance takes them within seconds. Kinds: flow, degrade, system,
                            param-flow, authority, gw-flow, gw-api-group; [] clears a kind
        block [ADDRESS|member:ID...]
                            add client addresses or member ids to the block list the gateways
                            answer 403; without arguments, print the list
        unblock ADDRESS|member:ID...
                            take them off it again
        test                start lite if nothing is up, then run ./mvnw verify
        compose render      render docker-compose.yml's configs, of every profile, into
                            .tandem/compose/PROFILE/ from the same templates as the native
                            cluster's
        compose env [lite|ha]
                            the compose cluster's endpoints, as env prints them
        compose status [--json] | stop NAME | start NAME | logs NAME
                            status, stop, start and logs of the compose cluster's containers,
                            as the native verbs (start waits until healthy); compose's files
                            from COMPOSE_FILE, its engine from DOCKER_HOST, its profile
                            from TANDEM_PROFILE (lite unless set)
        containers up|down|env
                            podman's Docker API in a namespace of its own (TANDEM_CLUSTER_ctr)
        images              build the offline images localhost/tandem/*
        drill NAME|all      failover drills (see README)
        jdk                 print the JDK ./tandem builds with (JAVA_HOME if 21 or newer, else
                            the newest under /usr/lib/jvm), for scripts that run ./mvnw

      environment: TANDEM_CLUSTER (default tandem) names the cluster and prefixes its namespaces;
      TANDEM_SUBNET (default from infra/topology.yml) chooses its subnet; TANDEM_UP_TIMEOUT
      (seconds, default 300) bounds each wait of `up`.
      """;

  private final Path root;
  private final String clusterName;
  private final PrintStream out;
  private final Path workingDirectory;

  public Main(Path root, String clusterName, PrintStream out) {
    this(root, clusterName, out, root);
  }

  /**
   * @param workingDirectory where the user ran {@code ./tandem}: file arguments are relative to it
   *     (the script itself changes to the repository root)
   */
  public Main(Path root, String clusterName, PrintStream out, Path workingDirectory) {
    this.root = root;
    this.clusterName = Cluster.validName(clusterName);
    this.out = out;
    this.workingDirectory = workingDirectory;
  }

  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("tandem.root", ".")).toAbsolutePath().normalize();
    int code;
    try {
      String name =
          Optional.ofNullable(System.getenv("TANDEM_CLUSTER")).orElse(Cluster.DEFAULT_NAME);
      Path workingDirectory =
          Path.of(System.getProperty("tandem.cwd", ".")).toAbsolutePath().normalize();
      code = new Main(root, name, System.out, workingDirectory).run(List.of(args));
    } catch (NotUp e) {
      System.err.println("tandem: " + e.getMessage());
      code = 3;
    } catch (LauncherException e) {
      System.err.println("tandem: " + e.getMessage());
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }

  public int run(List<String> args) {
    if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.getFirst())) {
      out.print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.getFirst();
    List<String> rest = args.subList(1, args.size());
    return switch (command) {
      case "up" -> up(rest);
      case "down" -> down(rest);
      case "status" -> status(rest);
      case "env" -> env();
      case "compose" -> compose(rest);
      case "token" -> token(rest);
      case "rotate-keys" -> rotateKeys(rest);
      case "kill", "stop", "start", "isolate", "heal", "hang", "resume" ->
          instanceCommand(command, rest);
      case "logs" -> logs(rest);
      case "restart" -> restart(rest);
      case "mysql" -> mysql(rest);
      case "rules" -> rules(rest);
      case "block" -> block(rest, true);
      case "unblock" -> block(rest, false);
      case "profile" -> {
        Optional<Context> up =
            recordedContext().filter(c -> c.supervisor().running() && c.network().routed());
        up.ifPresent(c -> out.println(c.topology().profile()));
        yield up.isPresent() ? 0 : 3;
      }
      case "is-up" ->
          recordedContext()
                  .filter(c -> c.supervisor().running() && c.network().routed())
                  .isPresent()
              ? 0
              : 3;
      default -> usage("unknown command '" + command + "'");
    };
  }

  private int usage(String problem) {
    System.err.println("tandem: " + problem);
    System.err.print(USAGE);
    return 2;
  }

  private Context context(String profile, String subnet) {
    Topology topology =
        Topology.load(root.resolve("infra/topology.yml"), profile, Optional.ofNullable(subnet));
    Cluster cluster = new Cluster(root, clusterName, topology);
    return new Context(cluster, new Network(cluster), new Supervisor(cluster));
  }

  /** The cluster as the last {@code up} laid it out, if one is recorded. */
  private Optional<Context> recordedContext() {
    Optional<Properties> record = Cluster.readRecord(root, clusterName);
    return record.map(r -> context(r.getProperty("profile"), r.getProperty("subnet")));
  }

  private Context requireUp() {
    return recordedContext().filter(c -> c.network().routed()).orElseThrow(this::notUp);
  }

  private NotUp notUp() {
    return new NotUp(
        "cluster '" + clusterName + "' is not up; start it with ./tandem up [lite|ha]");
  }

  /** Nothing is up: exit 3, so scripts can tell "not running" from "broken". */
  public static final class NotUp extends LauncherException {
    public NotUp(String message) {
      super(message);
    }
  }

  private int up(List<String> args) {
    if (args.size() > 1) {
      return usage("up takes at most one profile");
    }
    String profile = args.isEmpty() ? "ha" : args.getFirst();
    if (!Topology.PROFILES.contains(profile)) {
      return usage("unknown profile '" + profile + "': choose lite or ha");
    }
    Optional<Context> recorded = recordedContext();
    if (recorded.isPresent()
        && recorded.get().supervisor().running()
        && !recorded.get().topology().profile().equals(profile)) {
      throw new LauncherException(
          "cluster '"
              + clusterName
              + "' is up as "
              + recorded.get().topology().profile()
              + "; run ./tandem down first to switch to "
              + profile);
    }
    String subnet = System.getenv("TANDEM_SUBNET");
    if (subnet == null && recorded.isPresent()) {
      subnet = recorded.get().topology().subnet().toString();
    }
    Context context = context(profile, subnet);
    Duration timeout =
        Duration.ofSeconds(
            Long.parseLong(Optional.ofNullable(System.getenv("TANDEM_UP_TIMEOUT")).orElse("300")));
    Up up = new Up(context, out, timeout);
    up.run();
    up.progress("up", profile + " is up: " + Endpoints.of(context).url());
    out.println();
    out.println("  entry point:  " + Endpoints.of(context).url());
    out.println("  status:       ./tandem status");
    out.println("  endpoints:    ./tandem env");
    return 0;
  }

  private int down(List<String> args) {
    boolean purge = args.contains("--purge");
    if (args.stream().anyMatch(a -> !a.equals("--purge"))) {
      return usage("down takes only --purge");
    }
    Optional<Context> recorded = recordedContext();
    Context context = recorded.orElseGet(() -> context("ha", System.getenv("TANDEM_SUBNET")));
    context.network().checkOwner();
    if (context.supervisor().running()) {
      if (context.network().routed()) {
        Redis.recordMaster(context);
      }
      out.println("stopping every instance of cluster '" + clusterName + "'");
      context.supervisor().shutdown();
    }
    Down.killStrays(context);
    context.network().destroy();
    Down.removeLeftovers(context, purge);
    out.println(
        "cluster '"
            + clusterName
            + "' is down"
            + (purge ? " and its data is deleted" : "; data kept in " + context.cluster().data()));
    return 0;
  }

  private int status(List<String> args) {
    boolean json = args.contains("--json");
    Optional<Context> context = recordedContext();
    if (context.isEmpty()
        || !context.get().supervisor().running()
        || !context.get().network().routed()) {
      if (json) {
        out.println(
            "{\"profile\": null, \"vip\": {\"address\": null, \"holder\": null}, \"instances\": []}");
      } else {
        out.println("cluster '" + clusterName + "' is not up; start it with ./tandem up [lite|ha]");
      }
      return 3;
    }
    List<Observer.Row> rows = new Observer(context.get()).rows();
    out.print(
        json ? StatusReport.json(context.get(), rows) : StatusReport.table(context.get(), rows));
    return 0;
  }

  private int env() {
    Context context = requireUp();
    Endpoints.of(context).lines().forEach(out::println);
    return 0;
  }

  private int compose(List<String> args) {
    String verb = args.isEmpty() ? "" : args.getFirst();
    List<String> rest = args.subList(Math.min(1, args.size()), args.size());
    if (List.of("status", "stop", "start", "logs").contains(verb)) {
      return composeControl(verb, rest);
    }
    if (!List.of("render", "env").contains(verb) || rest.size() > 1) {
      return usage("compose takes: render|env [lite|ha], status [--json], stop|start|logs NAME");
    }
    String profile = rest.isEmpty() ? "lite" : rest.getFirst();
    if (!List.of("lite", "ha").contains(profile)) {
      return usage("docker-compose.yml has the profiles lite and ha");
    }
    if (verb.equals("render")) {
      // Every profile, whichever is asked for: docker-compose reads the env file of every service
      // in the file, those of profiles it does not run too, and refuses to start without them.
      for (String each : List.of("lite", "ha")) {
        ComposeConfigs configs = new ComposeConfigs(root, each);
        int count = configs.render();
        System.err.println(
            "rendered the configs of "
                + count
                + " instances of "
                + each
                + " into "
                + configs.state());
      }
      System.err.println(
          "docker-compose runs one with TANDEM_PROFILE="
              + profile
              + " COMPOSE_PROFILES="
              + profile
              + " (lite unless set)");
    } else {
      new ComposeConfigs(root, profile).env().forEach(out::println);
    }
    return 0;
  }

  /** The native verbs the e2e journeys use, on the compose cluster's containers. */
  private int composeControl(String verb, List<String> args) {
    // the profile the compose cluster runs, as docker-compose.yml reads it
    String profile = System.getenv().getOrDefault("TANDEM_PROFILE", "lite");
    if (!List.of("lite", "ha").contains(profile)) {
      return usage("TANDEM_PROFILE is " + profile + "; docker-compose.yml has lite and ha");
    }
    ComposeConfigs configs = new ComposeConfigs(root, profile);
    ComposeControl control = new ComposeControl(configs, out);
    if (verb.equals("status")) {
      if (args.stream().anyMatch(a -> !a.equals("--json"))) {
        return usage("compose status takes only --json");
      }
      control.status(args.contains("--json"));
      return 0;
    }
    if (args.size() != 1) {
      return usage("compose " + verb + " takes one container name");
    }
    Instance instance =
        configs.instances().stream()
            .filter(i -> i.name().equals(args.getFirst()))
            .findFirst()
            .orElseThrow(
                () ->
                    new LauncherException(
                        "no container '" + args.getFirst() + "' in docker-compose.yml's lite"));
    switch (verb) {
      case "stop" -> control.stop(instance);
      case "start" -> control.start(instance);
      default -> out.println(control.logs(instance));
    }
    return 0;
  }

  private int token(List<String> args) {
    Tokens.Request request;
    try {
      request = Tokens.Request.parse(args);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    out.println(tokens().mint(request));
    return 0;
  }

  private int rotateKeys(List<String> args) {
    if (!args.isEmpty()) {
      return usage("rotate-keys takes no arguments");
    }
    ECKey key = tokens().rotate();
    Instant signsFrom = key.getNotBeforeTime().toInstant();
    out.println(
        "new signing key "
            + key.getKeyID()
            + ": published now, signs from "
            + signsFrom
            + " (in "
            + KeyDirectory.PROPAGATION.toSeconds()
            + " s, once every verifier has re-read the keys; nothing needs a restart)");
    out.println(
        "the key it replaces verifies the tokens it signed until they expire;"
            + " the next rotation can run from "
            + signsFrom.plus(Tokens.MAX_LIFETIME));
    return 0;
  }

  /** The keys of the cluster as {@code up} recorded it: they need no running instance. */
  private Tokens tokens() {
    Context context = recordedContext().orElseThrow(this::notUp);
    return new Tokens(context.cluster(), Clock.systemUTC());
  }

  private int instanceCommand(String command, List<String> args) {
    if ((command.equals("hang") || command.equals("resume")) && !args.isEmpty()) {
      Context context = requireUp();
      List<Instance> instances = args.stream().map(context.topology()::require).toList();
      new InstanceControl(context, out).signalTogether(command, instances);
      return 0;
    }
    if (command.equals("kill") && args.size() > 1) {
      Context context = requireUp();
      List<Instance> instances = args.stream().map(context.topology()::require).toList();
      new InstanceControl(context, out).killTogether(instances);
      return 0;
    }
    if (args.size() != 1) {
      return usage(command + " takes one instance name");
    }
    Context context = requireUp();
    Instance instance = context.topology().require(args.getFirst());
    new InstanceControl(context, out).run(command, instance);
    return 0;
  }

  private int restart(List<String> args) {
    List<String> rest = new ArrayList<>(args);
    if (!rest.remove("--rolling")) {
      return usage("restart needs --rolling: ./tandem restart --rolling SERVICE|all");
    }
    Duration warmUp = RollingRestart.DEFAULT_WARM_UP;
    int option = rest.indexOf("--warm-up");
    if (option >= 0) {
      if (option + 1 >= rest.size() || !rest.get(option + 1).matches("\\d{1,3}")) {
        return usage("--warm-up takes a number of seconds (0-999)");
      }
      warmUp = Duration.ofSeconds(Long.parseLong(rest.get(option + 1)));
      rest.subList(option, option + 2).clear();
    }
    if (rest.size() != 1) {
      return usage("restart --rolling takes one service name or all");
    }
    List<String> services = RollingRestart.services(rest.getFirst());
    new RollingRestart(requireUp(), out, warmUp).run(services);
    return 0;
  }

  private int mysql(List<String> args) {
    List<String> rest = new ArrayList<>(args);
    boolean rebuild = rest.remove("--rebuild");
    if (rest.size() != 2 || !rest.getFirst().equals("rejoin")) {
      return usage("mysql takes: rejoin NAME [--rebuild]");
    }
    Context context = requireUp();
    new MySqlRejoin(context, out).run(context.topology().require(rest.get(1)), rebuild);
    return 0;
  }

  private int rules(List<String> args) {
    String subcommand = args.isEmpty() ? "" : args.getFirst();
    return switch (subcommand) {
      case "show" -> {
        if (args.size() > 2) {
          yield usage("rules show takes at most one application");
        }
        List<String> applications = args.size() == 2 ? List.of(args.get(1)) : RuleFile.APPLICATIONS;
        if (!RuleFile.APPLICATIONS.containsAll(applications)) {
          yield usage(
              "no application '"
                  + args.get(1)
                  + "'; the applications are "
                  + String.join(", ", RuleFile.APPLICATIONS));
        }
        Context context = requireUp();
        LiveRules.Shown shown;
        try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
          shown = LiveRules.show(zooKeeper, applications);
        }
        List<JsonNode> objects =
            shown.sets().stream().map(set -> (JsonNode) RuleFile.toJson(set)).toList();
        // one application: exactly the file `rules apply` takes back
        out.println(
            RuleFile.pretty(
                objects.size() == 1
                    ? objects.getFirst()
                    : JsonNodeFactory.instance.arrayNode().addAll(objects)));
        shown.problems().forEach(p -> System.err.println("tandem: " + p));
        yield shown.problems().isEmpty() ? 0 : 1;
      }
      case "apply" -> {
        if (args.size() != 2) {
          yield usage("rules apply takes one file");
        }
        List<RuleFile.RuleSet> sets;
        try {
          sets = RuleFile.readForApply(workingDirectory.resolve(args.get(1)), args.get(1));
        } catch (RuleFile.Invalid e) {
          System.err.println("tandem: " + e.getMessage());
          System.err.println("tandem: nothing was written");
          yield 2;
        }
        Context context = requireUp();
        List<LiveRules.Applied> applied;
        try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
          applied = LiveRules.apply(zooKeeper, sets);
        }
        out.println("rules in force: " + LiveRules.describe(applied, sets));
        yield 0;
      }
      default -> usage("rules takes: show [APP] | apply FILE");
    };
  }

  private int block(List<String> args, boolean block) {
    if (!block && args.isEmpty()) {
      return usage("unblock takes one or more ADDRESS or member:ID");
    }
    List<BlockList.Entry> entries = new ArrayList<>();
    for (String argument : args) {
      try {
        entries.add(BlockList.parse(argument));
      } catch (IllegalArgumentException e) {
        System.err.println("tandem: " + e.getMessage());
        return 2;
      }
    }
    Context context = requireUp();
    try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
      if (entries.isEmpty()) {
        List<String> blocked =
            BlockList.entries(zooKeeper.read(BlockList.PATH).map(ConfigCentre.Node::data));
        blocked.forEach(out::println);
        if (blocked.isEmpty()) {
          System.err.println("tandem: nothing is blocked");
        }
        return 0;
      }
      BlockList.Change change = BlockList.change(zooKeeper, entries, block);
      if (!change.done().isEmpty()) {
        out.println(
            (block ? "blocked " : "unblocked ")
                + String.join(" ", change.done().stream().map(BlockList.Entry::text).toList())
                + (block
                    ? " (every gateway answers them 403 within seconds)"
                    : " (the gateways let them through again within seconds)"));
      }
      if (!change.already().isEmpty()) {
        out.println(
            (block ? "already blocked: " : "not blocked: ")
                + String.join(" ", change.already().stream().map(BlockList.Entry::text).toList()));
      }
    }
    return 0;
  }

  private int logs(List<String> args) {
    List<String> names = new ArrayList<>(args);
    boolean follow = names.remove("-f") | names.remove("--follow");
    if (names.size() != 1) {
      return usage("logs takes one instance name (and -f to follow)");
    }
    Context context = requireUp();
    Path log = context.cluster().log(context.topology().require(names.getFirst()));
    if (!Files.exists(log)) {
      throw new LauncherException("no log yet at " + log);
    }
    out.println(Logs.tail(log, 200));
    if (follow) {
      Logs.follow(log, out);
    }
    return 0;
  }
}
