package dev.tandem.platform.protection;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of Sentinel rule Tandem stores, each at {@code ROOT/APPLICATION/KIND} as a JSON array
 * of Sentinel's own rule objects. The rule classes are named, not referenced: a service has only
 * the Sentinel modules it uses (the gateway kinds exist only in the gateway).
 */
public enum RuleKind {
  FLOW("flow", "com.alibaba.csp.sentinel.slots.block.flow.FlowRule"),
  DEGRADE("degrade", "com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule"),
  SYSTEM("system", "com.alibaba.csp.sentinel.slots.system.SystemRule"),
  AUTHORITY("authority", "com.alibaba.csp.sentinel.slots.block.authority.AuthorityRule"),
  PARAM_FLOW("param-flow", "com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule"),
  GATEWAY_FLOW("gw-flow", "com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayFlowRule"),
  GATEWAY_API_GROUP(
      "gw-api-group", "com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiDefinition");

  private final String id;
  private final String ruleClassName;

  RuleKind(String id, String ruleClassName) {
    this.id = id;
    this.ruleClassName = ruleClassName;
  }

  /** The node's name, e.g. {@code gw-flow}. */
  public String id() {
    return id;
  }

  public String ruleClassName() {
    return ruleClassName;
  }

  /** Whether this JVM has the Sentinel module that enforces this kind. */
  public boolean available() {
    try {
      Class.forName(ruleClassName, false, RuleKind.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException absent) {
      return false;
    }
  }

  public static Optional<RuleKind> byId(String id) {
    return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(RuleKind::id).toList();
  }
}
