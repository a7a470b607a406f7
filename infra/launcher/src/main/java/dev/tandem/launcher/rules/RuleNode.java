package dev.tandem.launcher.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;

/** The ZooKeeper node of one application's kind: its rules as one compact JSON array. */
final class RuleNode {

  private static final ObjectMapper COMPACT = new ObjectMapper();

  private RuleNode() {}

  /** What a ZooKeeper node holds: the kind's rules as one compact JSON array. */
  static byte[] value(ArrayNode rules) {
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
  static ArrayNodeOrProblem parse(byte[] value) {
    if (value == null || value.length == 0) {
      return new ArrayNodeOrProblem(null, "the node is empty");
    }
    try {
      JsonNode node = StrictJson.MAPPER.readTree(value);
      if (node != null && node.isArray()) {
        return new ArrayNodeOrProblem((ArrayNode) node, null);
      }
      return new ArrayNodeOrProblem(
          null,
          "it holds "
              + (node == null ? "nothing" : StrictJson.what(node))
              + ", not an array of rules");
    } catch (IOException e) {
      return new ArrayNodeOrProblem(
          null, "it holds no JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  record ArrayNodeOrProblem(ArrayNode rules, String problem) {}
}
