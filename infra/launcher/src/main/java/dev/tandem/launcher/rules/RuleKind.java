package dev.tandem.launcher.rules;

import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiDefinition;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.GatewayApiDefinitionManager;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayFlowRule;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayRuleManager;
import com.alibaba.csp.sentinel.slots.block.authority.AuthorityRule;
import com.alibaba.csp.sentinel.slots.block.authority.AuthorityRuleManager;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRuleManager;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRuleUtil;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRuleUtil;
import com.alibaba.csp.sentinel.slots.system.SystemRule;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of Sentinel rule the services read from ZooKeeper ({@code
 * /tandem/sentinel/APPLICATION/KIND}): each kind's name, the Sentinel class its objects are, and
 * the check Sentinel itself applies when it loads them. Sentinel skips a rule that fails its check
 * with a line in its own log and keeps the rest, so a typo would silently remove a limit: {@code
 * ./tandem rules} refuses such a rule before it reaches ZooKeeper.
 *
 * <p>The ids and the rule classes are the services' own ({@link
 * dev.tandem.platform.protection.RuleKind}, the same simple name, hence written out in full): this
 * enum adds only what the launcher needs, the checks and their hints, and keeps the order {@code
 * rules show} prints the kinds in.
 */
public enum RuleKind {
  FLOW(
      dev.tandem.platform.protection.RuleKind.FLOW,
      false,
      "FlowRuleUtil.isValidRule: a resource, count >= 0, grade 0 (threads) or 1 (QPS),"
          + " strategy 1 or 2 with a refResource, controlBehavior 1 with warmUpPeriodSec > 0 or 2"
          + " with maxQueueingTimeMs > 0, a clusterConfig when clusterMode") {
    @Override
    Optional<String> check(Object rule) {
      return FlowRuleUtil.isValidRule((FlowRule) rule) ? Optional.empty() : Optional.of(hint());
    }
  },
  DEGRADE(
      dev.tandem.platform.protection.RuleKind.DEGRADE,
      false,
      "DegradeRuleManager.isValidRule: a resource, count >= 0, timeWindow > 0, minRequestAmount"
          + " > 0, statIntervalMs > 0, grade 0 (slow calls, slowRatioThreshold 0..1), 1 (error"
          + " ratio, count <= 1) or 2 (error count)") {
    @Override
    Optional<String> check(Object rule) {
      return DegradeRuleManager.isValidRule((DegradeRule) rule)
          ? Optional.empty()
          : Optional.of(hint());
    }
  },
  SYSTEM(
      dev.tandem.platform.protection.RuleKind.SYSTEM,
      false,
      "at least one of highestSystemLoad, highestCpuUsage (0..1), qps, avgRt, maxThread set to"
          + " a value >= 0") {
    /**
     * Sentinel has no validity check for system rules: SystemRuleManager takes every threshold that
     * is >= 0, ignores a CPU usage above 1, and lets each rule it loads switch the whole system
     * check on or off by itself. So a rule without a usable threshold, loaded after one with a
     * threshold, silently turns adaptive protection off: refuse it.
     */
    @Override
    Optional<String> check(Object object) {
      SystemRule rule = (SystemRule) object;
      if (rule.getHighestCpuUsage() > 1) {
        return Optional.of("highestCpuUsage is a share of all cores: 0..1 (Sentinel ignores more)");
      }
      boolean anyThreshold =
          rule.getHighestSystemLoad() >= 0
              || rule.getHighestCpuUsage() >= 0
              || rule.getQps() >= 0
              || rule.getAvgRt() >= 0
              || rule.getMaxThread() >= 0;
      return anyThreshold ? Optional.empty() : Optional.of(hint());
    }
  },
  PARAM_FLOW(
      dev.tandem.platform.protection.RuleKind.PARAM_FLOW,
      false,
      "ParamFlowRuleUtil.isValidRule: a resource, a paramIdx, count >= 0, grade >= 0,"
          + " burstCount >= 0, durationInSec > 0, maxQueueingTimeMs >= 0, a clusterConfig when"
          + " clusterMode") {
    @Override
    Optional<String> check(Object rule) {
      return ParamFlowRuleUtil.isValidRule((ParamFlowRule) rule)
          ? Optional.empty()
          : Optional.of(hint());
    }
  },
  AUTHORITY(
      dev.tandem.platform.protection.RuleKind.AUTHORITY,
      false,
      "AuthorityRuleManager.isValidRule: a resource, a limitApp (the callers, comma-separated),"
          + " strategy 0 (white list) or 1 (black list)") {
    @Override
    Optional<String> check(Object rule) {
      return AuthorityRuleManager.isValidRule((AuthorityRule) rule)
          ? Optional.empty()
          : Optional.of(hint());
    }
  },
  GW_FLOW(
      dev.tandem.platform.protection.RuleKind.GATEWAY_FLOW,
      true,
      "GatewayRuleManager.isValidRule: a resource (route id, or API group name with"
          + " resourceMode 1), count >= 0, intervalSec > 0, burst >= 0, a paramItem's fieldName for"
          + " parseStrategy 2 (header), 3 (URL parameter) and 4 (cookie)") {
    @Override
    Optional<String> check(Object rule) {
      return GatewayRuleManager.isValidRule((GatewayFlowRule) rule)
          ? Optional.empty()
          : Optional.of(hint());
    }
  },
  GW_API_GROUP(
      dev.tandem.platform.protection.RuleKind.GATEWAY_API_GROUP,
      true,
      "GatewayApiDefinitionManager.isValidApi: an apiName and predicateItems, each a {\"pattern\","
          + " \"matchStrategy\"} (0 exact, 1 prefix, 2 regex) or a group {\"items\": [...]}") {
    @Override
    Optional<String> check(Object object) {
      ApiDefinition api = (ApiDefinition) object;
      if (!GatewayApiDefinitionManager.isValidApi(api)) {
        return Optional.of(hint());
      }
      // Sentinel takes any pattern and strategy here and then matches nothing: say so now.
      return ApiPredicates.problem(api.getPredicateItems());
    }
  };

  static {
    SentinelLogging.quiet();
  }

  private final dev.tandem.platform.protection.RuleKind platform;
  private final Class<?> type;
  private final boolean gatewayOnly;
  private final String hint;

  RuleKind(dev.tandem.platform.protection.RuleKind platform, boolean gatewayOnly, String hint) {
    this.platform = platform;
    this.type = ruleClass(platform);
    this.gatewayOnly = gatewayOnly;
    this.hint = hint;
  }

  /** The services' kind this one checks rules for: its id and Sentinel class are defined there. */
  dev.tandem.platform.protection.RuleKind platform() {
    return platform;
  }

  /** The kind's name in ZooKeeper paths and rule files, e.g. {@code gw-flow}. */
  String key() {
    return platform.id();
  }

  /** Sentinel's class for one rule of this kind: rule objects bind to it. */
  Class<?> type() {
    return type;
  }

  /**
   * Only the gateway's Sentinel adapter reads gateway rules; anywhere else they would limit
   * nothing, silently.
   */
  boolean gatewayOnly() {
    return gatewayOnly;
  }

  /** What Sentinel's check demands, for the message when a rule fails it. */
  String hint() {
    return hint;
  }

  /**
   * Sentinel's own verdict on one bound rule.
   *
   * @return the problem, or empty when Sentinel would load the rule
   */
  abstract Optional<String> check(Object rule);

  static Optional<RuleKind> of(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
  }

  static String keys() {
    return String.join(", ", Arrays.stream(values()).map(RuleKind::key).toList());
  }

  /** The launcher has every Sentinel module the services use, the gateway's included. */
  private static Class<?> ruleClass(dev.tandem.platform.protection.RuleKind platform) {
    try {
      return Class.forName(platform.ruleClassName(), false, RuleKind.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(platform.ruleClassName() + " is not on the class path", e);
    }
  }
}
