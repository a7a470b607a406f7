package dev.tandem.launcher.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One kind's rules, each bound to Sentinel's class for the kind (unknown fields refused) and put
 * through Sentinel's own validity check; a rule that fails either is refused with where it is and
 * what is wrong.
 */
final class RuleCheck {

  /** Properties Sentinel computes itself when it loads a rule: no one writes them. */
  private static final Set<String> SENTINEL_INTERNALS = Set.of("rater", "parsedHotItems");

  private RuleCheck() {}

  /**
   * Checks one kind's value in a rule file: an array of rules.
   *
   * @param where the file, application and kind, for messages
   * @return the rules, checked
   * @throws RuleFile.Invalid at the first rule Sentinel would not load as written
   */
  static ArrayNode rules(String where, RuleKind kind, JsonNode rules) {
    if (!rules.isArray()) {
      throw new RuleFile.Invalid(
          where
              + ": expected a JSON array of rules ([] clears the kind), not "
              + StrictJson.what(rules));
    }
    for (int i = 0; i < rules.size(); i++) {
      rule(where + "[" + i + "]", kind, rules.get(i));
    }
    return (ArrayNode) rules;
  }

  private static void rule(String where, RuleKind kind, JsonNode rule) {
    if (!rule.isObject()) {
      throw new RuleFile.Invalid(where + ": a rule is a JSON object, not " + StrictJson.what(rule));
    }
    Object bound;
    try {
      bound = StrictJson.MAPPER.treeToValue(rule, kind.type());
    } catch (UnrecognizedPropertyException e) {
      throw new RuleFile.Invalid(
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
      throw new RuleFile.Invalid(
          where
              + ": "
              + (e instanceof JsonMappingException mapping ? fieldName(mapping) : "")
              + message);
    }
    Optional<String> problem = kind.check(bound);
    if (problem.isPresent()) {
      throw new RuleFile.Invalid(
          where + ": Sentinel would skip this rule; it needs " + problem.get());
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
}
