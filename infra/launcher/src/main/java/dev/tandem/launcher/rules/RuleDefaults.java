package dev.tandem.launcher.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.rules.RuleFile.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The versioned defaults, {@code infra/sentinel/APPLICATION.json}: rule files that leave the
 * application to their file name.
 */
final class RuleDefaults {

  private RuleDefaults() {}

  /**
   * The versioned defaults of one application, {@code DIRECTORY/APPLICATION.json}: an object whose
   * keys are kinds. A missing file means no defaults.
   */
  static Optional<RuleSet> read(Path directory, String application) {
    Path file = directory.resolve(application + ".json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String name = file.toString();
    JsonNode document = RuleFile.read(file, name);
    if (!document.isObject()) {
      throw new RuleFile.Invalid(
          name
              + ": expected an object whose keys are rule kinds, not "
              + StrictJson.what(document));
    }
    return Optional.of(RuleFile.ruleSet(name, document, Optional.of(application)));
  }

  /** Files in the defaults directory that name no application: a typo would go unnoticed. */
  static List<Path> strays(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (var files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .filter(
              f -> {
                String file = f.getFileName().toString();
                return !RuleFile.APPLICATIONS.contains(file.substring(0, file.length() - 5));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new LauncherException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }
}
