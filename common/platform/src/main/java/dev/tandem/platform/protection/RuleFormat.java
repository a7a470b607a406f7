package dev.tandem.platform.protection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a rule node's JSON into the collection Sentinel's rule manager for that kind takes. Strict:
 * an unknown property (a misspelt {@code "cout"}) is an error, not a rule that silently limits
 * nothing. An empty node, or one that does not exist, is no rules.
 *
 * <p>Plain Java (no Spring), so that the operators' tools can check a rules file the same way.
 */
public final class RuleFormat {

  /**
   * An API group's predicates are an interface in Sentinel; paths are the only predicate Tandem
   * uses, so an item is read as one.
   */
  @JsonDeserialize(
      as = com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPathPredicateItem.class)
  private interface PathPredicates {}

  private final ObjectMapper mapper;

  public RuleFormat() {
    JsonMapper.Builder builder =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    if (RuleKind.GATEWAY_API_GROUP.available()) {
      builder.addMixIn(
          com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPredicateItem.class,
          PathPredicates.class);
    }
    this.mapper = builder.build();
  }

  /**
   * The rules in {@code json}: a {@link List} for core kinds, a {@link Set} for the gateway's (what
   * their managers take).
   *
   * @throws IllegalArgumentException naming what is wrong, when the text is not such an array
   */
  public Collection<?> read(RuleKind kind, String json) {
    if (!kind.available()) {
      throw new IllegalArgumentException(
          "rules of kind " + kind.id() + " need Sentinel's " + kind.ruleClassName());
    }
    if (json == null || json.isBlank()) {
      return isSet(kind) ? new LinkedHashSet<>() : List.of();
    }
    try {
      Class<?> ruleClass = Class.forName(kind.ruleClassName());
      JavaType type =
          mapper
              .getTypeFactory()
              .constructCollectionType(isSet(kind) ? LinkedHashSet.class : List.class, ruleClass);
      Collection<?> rules = mapper.readValue(json, type);
      if (rules.contains(null)) {
        throw new IllegalArgumentException(kind.id() + ": a rule is null");
      }
      return rules;
    } catch (JsonProcessingException invalid) {
      throw new IllegalArgumentException(
          kind.id()
              + " rules must be a JSON array of rule objects: "
              + invalid.getOriginalMessage(),
          invalid);
    } catch (ClassNotFoundException absent) {
      throw new IllegalStateException(absent);
    }
  }

  private static boolean isSet(RuleKind kind) {
    return kind == RuleKind.GATEWAY_FLOW || kind == RuleKind.GATEWAY_API_GROUP;
  }
}
