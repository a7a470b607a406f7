package dev.tandem.launcher.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.launcher.cluster.LauncherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule files of {@code ./tandem rules}: one object per application, its keys the rule kinds,
 * each a JSON array of Sentinel rule objects with Sentinel's own field names. {@code rules apply}
 * and {@code rules show} use {@code {"application": "gateway", "gw-flow": [...]}} (or an array of
 * such objects, one per application); the versioned defaults {@code infra/sentinel/APP.json} leave
 * the application to their file name. Everything is checked before anything is written: the
 * application, the kinds, and every rule bound to Sentinel's class for its kind (unknown fields
 * refused) and put through Sentinel's own validity check.
 */
public final class RuleFile {

  /** {@code spring.application.name} of every service that reads rules. */
  public static final List<String> APPLICATIONS =
      List.of("gateway", "site-service", "member-service", "promotion-service");

  static final String APPLICATION = "application";

  /** One application's rules: the kinds a file names, in {@link RuleKind} order. */
  public record RuleSet(String application, Map<RuleKind, ArrayNode> kinds) {

    public RuleSet {
      Map<RuleKind, ArrayNode> ordered = new LinkedHashMap<>();
      for (RuleKind kind : RuleKind.values()) {
        if (kinds.containsKey(kind)) {
          ordered.put(kind, kinds.get(kind));
        }
      }
      kinds = java.util.Collections.unmodifiableMap(ordered);
    }

    int ruleCount() {
      return kinds.values().stream().mapToInt(ArrayNode::size).sum();
    }
  }

  /** A file that must not be applied; the message names the file, where in it, and what. */
  public static final class Invalid extends LauncherException {
    public Invalid(String message) {
      super(message);
    }
  }

  private static final ObjectWriter PRETTY =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                          .withObjectEmptySeparator("")
                          .withArrayEmptySeparator(""))
                  .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

  private RuleFile() {}

  /**
   * A file for {@code rules apply}: one application's object, or an array of them.
   *
   * @param name the file as the user named it, for messages
   */
  public static List<RuleSet> readForApply(Path file, String name) {
    JsonNode document = read(file, name);
    List<RuleSet> sets = new ArrayList<>();
    if (document.isObject()) {
      sets.add(ruleSet(name, document, Optional.empty()));
    } else if (document.isArray() && !document.isEmpty()) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < document.size(); i++) {
        JsonNode element = document.get(i);
        String where = name + " [" + i + "]";
        if (!element.isObject()) {
          throw new Invalid(
              where
                  + ": each element is one application's object, not "
                  + StrictJson.what(element));
        }
        RuleSet set = ruleSet(where, element, Optional.empty());
        if (!seen.add(set.application())) {
          throw new Invalid(where + ": application " + set.application() + " appears twice");
        }
        sets.add(set);
      }
    } else {
      throw new Invalid(
          name
              + ": expected {\"application\": \"gateway\", \"KIND\": [rules...]} or an array of"
              + " such objects, not "
              + StrictJson.what(document));
    }
    return sets;
  }

  static JsonNode read(Path file, String name) {
    try {
      return StrictJson.MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new Invalid(name + ": no such file");
    } catch (JsonProcessingException e) {
      throw new Invalid(
          name
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Invalid(name + ": cannot read it: " + e.getMessage());
    }
  }

  /**
   * Checks one application's object.
   *
   * @param where the file (and element) for messages
   * @param fixedApplication the application a defaults file is named after; empty when the object
   *     must name it
   */
  static RuleSet ruleSet(String where, JsonNode object, Optional<String> fixedApplication) {
    JsonNode named = object.get(APPLICATION);
    String application;
    if (named != null && !named.isTextual()) {
      throw new Invalid(where + ": \"application\" is a name, not " + StrictJson.what(named));
    }
    if (fixedApplication.isPresent()) {
      application = fixedApplication.get();
      if (named != null && !named.asText().equals(application)) {
        throw new Invalid(
            where + ": says application " + named.asText() + " but is the file of " + application);
      }
    } else if (named == null) {
      throw new Invalid(
          where
              + ": names no application; add \"application\": one of "
              + String.join(", ", APPLICATIONS));
    } else {
      application = named.asText();
    }
    if (!APPLICATIONS.contains(application)) {
      throw new Invalid(
          where
              + ": no application '"
              + application
              + "'; the applications are "
              + String.join(", ", APPLICATIONS));
    }
    Map<RuleKind, ArrayNode> kinds = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals(APPLICATION)) {
        continue;
      }
      RuleKind kind =
          RuleKind.of(field.getKey())
              .orElseThrow(
                  () ->
                      new Invalid(
                          where
                              + ": no rule kind '"
                              + field.getKey()
                              + "'; the kinds are "
                              + RuleKind.keys()));
      if (kind.gatewayOnly() && !application.equals("gateway")) {
        throw new Invalid(
            where
                + ": "
                + kind.key()
                + " rules act only in the gateway; "
                + application
                + " would ignore them");
      }
      kinds.put(
          kind,
          RuleCheck.rules(where + ": " + application + " " + kind.key(), kind, field.getValue()));
    }
    return new RuleSet(application, kinds);
  }

  /** One application's rules as {@code rules show APP} prints them and {@code apply} takes them. */
  public static ObjectNode toJson(RuleSet set) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put(APPLICATION, set.application());
    set.kinds().forEach((kind, rules) -> object.set(kind.key(), rules));
    return object;
  }

  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
