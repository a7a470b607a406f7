package dev.tandem.launcher.rules;

import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPathPredicateItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPredicateGroupItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPredicateItem;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.TreeSet;
import java.util.stream.Collectors;

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

  /**
   * Reads rules strictly: a number written as a string, a fraction where Sentinel wants an integer,
   * or a key given twice is refused rather than guessed at, so the rule in force is the rule in the
   * file.
   */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .addMixIn(ApiPredicateItem.class, PredicateItemByFields.class)
          .build();

  /**
   * Sentinel's API groups hold an interface: a path item is told from a group by its fields, as the
   * gateway's converter does ({@code pattern} and {@code matchStrategy}, or {@code items}).
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
  @JsonSubTypes({
    @JsonSubTypes.Type(ApiPathPredicateItem.class),
    @JsonSubTypes.Type(ApiPredicateGroupItem.class)
  })
  private interface PredicateItemByFields {}

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

  private static final ObjectMapper COMPACT = new ObjectMapper();

  /** Properties Sentinel computes itself when it loads a rule: no one writes them. */
  private static final Set<String> SENTINEL_INTERNALS = Set.of("rater", "parsedHotItems");

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
              where + ": each element is one application's object, not " + what(element));
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
              + what(document));
    }
    return sets;
  }

  /**
   * The versioned defaults of one application, {@code DIRECTORY/APPLICATION.json}: an object whose
   * keys are kinds. A missing file means no defaults.
   */
  static Optional<RuleSet> readDefaults(Path directory, String application) {
    Path file = directory.resolve(application + ".json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String name = file.toString();
    JsonNode document = read(file, name);
    if (!document.isObject()) {
      throw new Invalid(
          name + ": expected an object whose keys are rule kinds, not " + what(document));
    }
    return Optional.of(ruleSet(name, document, Optional.of(application)));
  }

  /** Files in the defaults directory that name no application: a typo would go unnoticed. */
  static List<Path> strayDefaults(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (var files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .filter(
              f -> {
                String file = f.getFileName().toString();
                return !APPLICATIONS.contains(file.substring(0, file.length() - 5));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new LauncherException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(Path file, String name) {
    try {
      return STRICT.readTree(Files.readString(file));
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
      throw new Invalid(where + ": \"application\" is a name, not " + what(named));
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
          kind, checkRules(where + ": " + application + " " + kind.key(), kind, field.getValue()));
    }
    return new RuleSet(application, kinds);
  }

  private static ArrayNode checkRules(String where, RuleKind kind, JsonNode rules) {
    if (!rules.isArray()) {
      throw new Invalid(
          where + ": expected a JSON array of rules ([] clears the kind), not " + what(rules));
    }
    for (int i = 0; i < rules.size(); i++) {
      checkRule(where + "[" + i + "]", kind, rules.get(i));
    }
    return (ArrayNode) rules;
  }

  private static void checkRule(String where, RuleKind kind, JsonNode rule) {
    if (!rule.isObject()) {
      throw new Invalid(where + ": a rule is a JSON object, not " + what(rule));
    }
    Object bound;
    try {
      bound = STRICT.treeToValue(rule, kind.type());
    } catch (UnrecognizedPropertyException e) {
      throw new Invalid(
          where
              + ": unknown field \""
              + e.getPropertyName()
              + "\""
              + field(e)
              + "; "
              + e.getReferringClass().getSimpleName()
              + " has "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .filter(name -> !SENTINEL_INTERNALS.contains(name))
                  .collect(Collectors.toCollection(TreeSet::new)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String message =
          e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      // Jackson's advice on its own settings means nothing to someone editing a rule file
      message = message.lines().findFirst().orElse(message).replaceAll(" \\((but|set) .*$", "");
      throw new Invalid(
          where
              + ": "
              + (e instanceof JsonMappingException mapping ? fieldName(mapping) : "")
              + message);
    }
    Optional<String> problem = kind.check(bound);
    if (problem.isPresent()) {
      throw new Invalid(where + ": Sentinel would skip this rule; it needs " + problem.get());
    }
  }

  /** Where inside a rule a nested field is, when it is not at the top. */
  private static String field(JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    return path.size() <= 1 ? "" : " in " + path(path.subList(0, path.size() - 1));
  }

  private static String fieldName(JsonMappingException e) {
    return e.getPath().isEmpty() ? "" : "field \"" + path(e.getPath()) + "\": ";
  }

  private static String path(List<JsonMappingException.Reference> path) {
    StringBuilder name = new StringBuilder();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() != null) {
        name.append(name.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        name.append('[').append(reference.getIndex()).append(']');
      }
    }
    return name.toString();
  }

  private static String what(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  // --- writing ---

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

  /** What a ZooKeeper node holds: the kind's rules as one compact JSON array. */
  static byte[] nodeValue(ArrayNode rules) {
    try {
      return COMPACT.writeValueAsBytes(rules);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads what a ZooKeeper node holds.
   *
   * @return the array, or the reason it is none (services then keep the rules they had)
   */
  static ArrayNodeOrProblem parseNodeValue(byte[] value) {
    if (value == null || value.length == 0) {
      return new ArrayNodeOrProblem(null, "the node is empty");
    }
    try {
      JsonNode node = STRICT.readTree(value);
      if (node != null && node.isArray()) {
        return new ArrayNodeOrProblem((ArrayNode) node, null);
      }
      return new ArrayNodeOrProblem(
          null, "it holds " + (node == null ? "nothing" : what(node)) + ", not an array of rules");
    } catch (IOException e) {
      return new ArrayNodeOrProblem(
          null, "it holds no JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  record ArrayNodeOrProblem(ArrayNode rules, String problem) {}
}
