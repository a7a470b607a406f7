package dev.tandem.launcher.cli;

import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.cluster.Logs;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.mysql.MySqlRejoin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The commands on single instances: the faults the drills inject ({@code kill}, {@code hang},
 * {@code isolate} and their undoing), {@code logs}, the rolling restart of services and the MySQL
 * rejoin. The argument errors come first: a mistyped command fails the same whether a cluster runs.
 */
final class Instances {

  private Instances() {}

  static int kill(Invocation invocation, List<String> args) {
    if (args.size() > 1) {
      Context context = invocation.contexts().requireUp();
      new InstanceControl(context, invocation.out()).killTogether(named(context, args));
      return Main.DONE;
    }
    return one(invocation, "kill", args, InstanceControl::kill);
  }

  static int hang(Invocation invocation, List<String> args) {
    return signal(invocation, "hang", args, true);
  }

  static int resume(Invocation invocation, List<String> args) {
    return signal(invocation, "resume", args, false);
  }

  static int stop(Invocation invocation, List<String> args) {
    return one(invocation, "stop", args, InstanceControl::stop);
  }

  static int start(Invocation invocation, List<String> args) {
    return one(invocation, "start", args, InstanceControl::start);
  }

  static int isolate(Invocation invocation, List<String> args) {
    return one(invocation, "isolate", args, InstanceControl::isolate);
  }

  static int heal(Invocation invocation, List<String> args) {
    return one(invocation, "heal", args, InstanceControl::heal);
  }

  private static int signal(
      Invocation invocation, String command, List<String> args, boolean hang) {
    if (args.isEmpty()) {
      return invocation.usage(command + " takes one instance name");
    }
    Context context = invocation.contexts().requireUp();
    new InstanceControl(context, invocation.out()).signalTogether(hang, named(context, args));
    return Main.DONE;
  }

  private static int one(
      Invocation invocation,
      String command,
      List<String> args,
      BiConsumer<InstanceControl, Instance> action) {
    if (args.size() != 1) {
      return invocation.usage(command + " takes one instance name");
    }
    Context context = invocation.contexts().requireUp();
    Instance instance = context.topology().require(args.getFirst());
    action.accept(new InstanceControl(context, invocation.out()), instance);
    return Main.DONE;
  }

  private static List<Instance> named(Context context, List<String> names) {
    return names.stream().map(context.topology()::require).toList();
  }

  static int logs(Invocation invocation, List<String> args) {
    List<String> names = new ArrayList<>(args);
    boolean follow = names.remove("-f") | names.remove("--follow");
    if (names.size() != 1) {
      return invocation.usage("logs takes one instance name (and -f to follow)");
    }
    Context context = invocation.contexts().requireUp();
    Path log = context.cluster().log(context.topology().require(names.getFirst()));
    if (!Files.exists(log)) {
      throw new LauncherException("no log yet at " + log);
    }
    invocation.out().println(Logs.tail(log, 200));
    if (follow) {
      Logs.follow(log, invocation.out());
    }
    return Main.DONE;
  }

  static int restart(Invocation invocation, List<String> args) {
    List<String> rest = new ArrayList<>(args);
    if (!rest.remove("--rolling")) {
      return invocation.usage("restart needs --rolling: ./tandem restart --rolling SERVICE|all");
    }
    Duration warmUp = RollingRestart.DEFAULT_WARM_UP;
    int option = rest.indexOf("--warm-up");
    if (option >= 0) {
      if (option + 1 >= rest.size() || !rest.get(option + 1).matches("\\d{1,3}")) {
        return invocation.usage("--warm-up takes a number of seconds (0-999)");
      }
      warmUp = Duration.ofSeconds(Long.parseLong(rest.get(option + 1)));
      rest.subList(option, option + 2).clear();
    }
    if (rest.size() != 1) {
      return invocation.usage("restart --rolling takes one service name or all");
    }
    // which programs are services is the same in every profile: no cluster is needed to check
    Topology topology = invocation.contexts().topology("ha", null);
    List<String> services = RollingRestart.services(topology, rest.getFirst());
    new RollingRestart(invocation.contexts().requireUp(), invocation.out(), warmUp).run(services);
    return Main.DONE;
  }

  static int mysql(Invocation invocation, List<String> args) {
    List<String> rest = new ArrayList<>(args);
    boolean rebuild = rest.remove("--rebuild");
    if (rest.size() != 2 || !rest.getFirst().equals("rejoin")) {
      return invocation.usage("mysql takes: rejoin NAME [--rebuild]");
    }
    Context context = invocation.contexts().requireUp();
    new MySqlRejoin(context, invocation.out())
        .run(context.topology().require(rest.get(1)), rebuild);
    return Main.DONE;
  }
}
