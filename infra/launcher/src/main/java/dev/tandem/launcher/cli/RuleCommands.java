package dev.tandem.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.rules.BlockList;
import dev.tandem.launcher.rules.ConfigCentre;
import dev.tandem.launcher.rules.LiveRules;
import dev.tandem.launcher.rules.RuleFile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the running services read from ZooKeeper: the Sentinel rules ({@code rules}) and the
 * gateways' block list ({@code block}, {@code unblock}).
 */
final class RuleCommands {

  private RuleCommands() {}

  static int rules(Invocation invocation, List<String> args) {
    String subcommand = args.isEmpty() ? "" : args.getFirst();
    return switch (subcommand) {
      case "show" -> show(invocation, args);
      case "apply" -> apply(invocation, args);
      default -> invocation.usage("rules takes: show [APP] | apply FILE");
    };
  }

  private static int show(Invocation invocation, List<String> args) {
    if (args.size() > 2) {
      return invocation.usage("rules show takes at most one application");
    }
    List<String> applications = args.size() == 2 ? List.of(args.get(1)) : RuleFile.APPLICATIONS;
    if (!RuleFile.APPLICATIONS.containsAll(applications)) {
      return invocation.usage(
          "no application '"
              + args.get(1)
              + "'; the applications are "
              + String.join(", ", RuleFile.APPLICATIONS));
    }
    Context context = invocation.contexts().requireUp();
    LiveRules.Shown shown;
    try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
      shown = LiveRules.show(zooKeeper, applications);
    }
    List<JsonNode> objects =
        shown.sets().stream().map(set -> (JsonNode) RuleFile.toJson(set)).toList();
    // one application: exactly the file `rules apply` takes back
    invocation
        .out()
        .println(
            RuleFile.pretty(
                objects.size() == 1
                    ? objects.getFirst()
                    : JsonNodeFactory.instance.arrayNode().addAll(objects)));
    shown.problems().forEach(p -> System.err.println("tandem: " + p));
    return shown.problems().isEmpty() ? Main.DONE : Main.FAILED;
  }

  private static int apply(Invocation invocation, List<String> args) {
    if (args.size() != 2) {
      return invocation.usage("rules apply takes one file");
    }
    List<RuleFile.RuleSet> sets;
    try {
      sets = RuleFile.readForApply(invocation.workingDirectory().resolve(args.get(1)), args.get(1));
    } catch (RuleFile.Invalid e) {
      System.err.println("tandem: " + e.getMessage());
      System.err.println("tandem: nothing was written");
      return Main.USAGE_ERROR;
    }
    Context context = invocation.contexts().requireUp();
    List<LiveRules.Applied> applied;
    try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
      applied = LiveRules.apply(zooKeeper, sets);
    }
    invocation.out().println("rules in force: " + LiveRules.describe(applied, sets));
    return Main.DONE;
  }

  static int block(Invocation invocation, List<String> args) {
    return change(invocation, args, true);
  }

  static int unblock(Invocation invocation, List<String> args) {
    if (args.isEmpty()) {
      return invocation.usage("unblock takes one or more ADDRESS or member:ID");
    }
    return change(invocation, args, false);
  }

  /** Without entries (only {@code block} allows none) it prints the list. */
  private static int change(Invocation invocation, List<String> args, boolean block) {
    List<BlockList.Entry> entries = new ArrayList<>();
    for (String argument : args) {
      try {
        entries.add(BlockList.parse(argument));
      } catch (IllegalArgumentException e) {
        return invocation.badArgument(e.getMessage());
      }
    }
    Context context = invocation.contexts().requireUp();
    PrintStream out = invocation.out();
    try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
      if (entries.isEmpty()) {
        List<String> blocked =
            BlockList.entries(zooKeeper.read(BlockList.PATH).map(ConfigCentre.Node::data));
        blocked.forEach(out::println);
        if (blocked.isEmpty()) {
          System.err.println("tandem: nothing is blocked");
        }
        return Main.DONE;
      }
      BlockList.Change change = BlockList.change(zooKeeper, entries, block);
      if (!change.done().isEmpty()) {
        out.println(
            (block ? "blocked " : "unblocked ")
                + texts(change.done())
                + (block
                    ? " (every gateway answers them 403 within seconds)"
                    : " (the gateways let them through again within seconds)"));
      }
      if (!change.already().isEmpty()) {
        out.println((block ? "already blocked: " : "not blocked: ") + texts(change.already()));
      }
    }
    return Main.DONE;
  }

  private static String texts(List<BlockList.Entry> entries) {
    return String.join(" ", entries.stream().map(BlockList.Entry::text).toList());
  }
}
