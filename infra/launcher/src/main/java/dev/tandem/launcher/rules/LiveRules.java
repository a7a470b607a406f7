package dev.tandem.launcher.rules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.rules.RuleFile.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The Sentinel rules in force: one ZooKeeper node per application and kind, {@code
 * /tandem/sentinel/APPLICATION/KIND}, each holding a JSON array that every instance of the
 * application watches. {@code ./tandem up} writes the versioned defaults of {@code
 * infra/sentinel/}; {@code ./tandem rules} reads and replaces them live.
 */
public final class LiveRules {

  static final String ROOT = "/tandem/sentinel";

  private LiveRules() {}

  static String path(String application, RuleKind kind) {
    return ROOT + "/" + application + "/" + kind.key();
  }

  /** What {@code rules show} found: the readable kinds, and what was wrong with the others. */
  public record Shown(List<RuleSet> sets, List<String> problems) {}

  public static Shown show(ConfigCentre zooKeeper, List<String> applications) {
    List<RuleSet> sets = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String application : applications) {
      Map<RuleKind, ArrayNode> kinds = new LinkedHashMap<>();
      for (RuleKind kind : RuleKind.values()) {
        Optional<ConfigCentre.Node> node = zooKeeper.read(path(application, kind));
        if (node.isEmpty()) {
          continue;
        }
        RuleNode.ArrayNodeOrProblem value = RuleNode.parse(node.get().data());
        if (value.rules() != null) {
          kinds.put(kind, value.rules());
        } else {
          problems.add(
              path(application, kind)
                  + ": "
                  + value.problem()
                  + "; its services keep the rules they had, and it is left out above:"
                  + " replace it with ./tandem rules apply");
        }
      }
      sets.add(new RuleSet(application, kinds));
    }
    return new Shown(sets, problems);
  }

  /** Which of an application's kinds a write changed, and which already held the same rules. */
  public record Applied(String application, List<RuleKind> changed, List<RuleKind> unchanged) {}

  /**
   * Replaces the nodes of the kinds each set names, in one transaction. A node that already holds
   * the same rules is left alone, so its services do not rebuild their limiters for nothing.
   */
  public static List<Applied> apply(ConfigCentre zooKeeper, List<RuleSet> sets) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    List<Applied> applied = new ArrayList<>();
    for (RuleSet set : sets) {
      List<RuleKind> changed = new ArrayList<>();
      List<RuleKind> unchanged = new ArrayList<>();
      set.kinds()
          .forEach(
              (kind, rules) -> {
                String path = path(set.application(), kind);
                boolean same =
                    zooKeeper
                        .read(path)
                        .map(node -> RuleNode.parse(node.data()).rules())
                        .map(rules::equals)
                        .orElse(false);
                if (same) {
                  unchanged.add(kind);
                } else {
                  changed.add(kind);
                  writes.put(path, RuleNode.value(rules));
                }
              });
      applied.add(new Applied(set.application(), changed, unchanged));
    }
    zooKeeper.writeAll(writes);
    return applied;
  }

  /**
   * The versioned defaults, {@code infra/sentinel/APPLICATION.json}, all checked: {@code up} calls
   * this before it starts anything, so a broken file stops it before the cluster changes.
   */
  public static List<RuleSet> defaults(Path directory) {
    List<Path> strays = RuleDefaults.strays(directory);
    if (!strays.isEmpty()) {
      throw new RuleFile.Invalid(
          strays.getFirst()
              + ": names no application; rule defaults are "
              + String.join(", ", RuleFile.APPLICATIONS.stream().map(a -> a + ".json").toList()));
    }
    List<RuleSet> sets = new ArrayList<>();
    for (String application : RuleFile.APPLICATIONS) {
      RuleDefaults.read(directory, application).ifPresent(sets::add);
    }
    return sets;
  }

  /** One line for the operator: what each kind named holds now. */
  public static String describe(List<Applied> applied, List<RuleSet> sets) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < applied.size(); i++) {
      Applied result = applied.get(i);
      List<String> parts = new ArrayList<>();
      sets.get(i)
          .kinds()
          .forEach(
              (kind, rules) ->
                  parts.add(
                      kind.key()
                          + " "
                          + rules.size()
                          + (result.unchanged().contains(kind) ? " (unchanged)" : "")));
      if (!parts.isEmpty()) {
        lines.add(result.application() + ": " + String.join(", ", parts));
      }
    }
    return lines.isEmpty() ? "no kinds named, nothing changed" : String.join("; ", lines);
  }

  /**
   * Writes the versioned rules into ZooKeeper, a step of every {@code up} before any service
   * starts: the repository is their source of truth, and a change made live with {@code ./tandem
   * rules apply} lasts until then.
   */
  public static void loadDefaults(
      Context context, List<RuleFile.RuleSet> rules, BiConsumer<String, String> progress) {
    if (rules.isEmpty()) {
      progress.accept("rules", "no defaults in infra/sentinel/");
      return;
    }
    try (ConfigCentre zooKeeper = ConfigCentre.of(context)) {
      List<Applied> applied = apply(zooKeeper, rules);
      progress.accept("rules", "from infra/sentinel/: " + describe(applied, rules));
    }
  }
}
