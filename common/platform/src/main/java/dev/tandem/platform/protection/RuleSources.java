package dev.tandem.platform.protection;

import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiDefinition;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.GatewayApiDefinitionManager;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayFlowRule;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayRuleManager;
import com.alibaba.csp.sentinel.datasource.Converter;
import com.alibaba.csp.sentinel.datasource.zookeeper.ZookeeperDataSource;
import com.alibaba.csp.sentinel.property.SentinelProperty;
import com.alibaba.csp.sentinel.slots.block.authority.AuthorityRule;
import com.alibaba.csp.sentinel.slots.block.authority.AuthorityRuleManager;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRuleManager;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRuleManager;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRuleManager;
import com.alibaba.csp.sentinel.slots.system.SystemRule;
import com.alibaba.csp.sentinel.slots.system.SystemRuleManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live data source per rule kind this JVM can enforce, each watching {@code
 * ROOT/APPLICATION/KIND} in ZooKeeper and handing every change to Sentinel's rule manager for that
 * kind: an operator's {@code ./tandem rules apply} is in force within milliseconds, no restart.
 *
 * <p>What Sentinel does with the node: a node that does not exist, or is emptied, means no rules of
 * that kind; text that does not parse is logged and the rules in force stay. Deleting a node clears
 * that kind, so tools write {@code []} rather than delete. While ZooKeeper is unreachable the rules
 * last read stay in force.
 */
public final class RuleSources implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RuleSources.class);

  private final List<ZookeeperDataSource<?>> sources = new ArrayList<>();

  /**
   * Starts watching; rules arrive asynchronously (in about 0.2 s against a ZooKeeper that answers).
   */
  public RuleSources(String connectString, String root, String application) {
    RuleFormat format = new RuleFormat();
    for (RuleKind kind : RuleKind.values()) {
      if (kind.available()) {
        String path = root + "/" + application + "/" + kind.id();
        watch(kind, connectString, path, format);
        log.info("Sentinel {} rules: live from ZooKeeper {}", kind.id(), path);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void watch(RuleKind kind, String connectString, String path, RuleFormat format) {
    Converter<String, Collection<?>> parser =
        json -> {
          try {
            return format.read(kind, json);
          } catch (IllegalArgumentException invalid) {
            log.warn(
                "Sentinel {} rules at {} ignored, the rules in force stay: {}",
                kind.id(),
                path,
                invalid.getMessage());
            throw invalid;
          }
        };
    ZookeeperDataSource<Collection<?>> source =
        new ZookeeperDataSource<>(connectString, path, parser);
    sources.add(source);
    SentinelProperty<?> property = source.getProperty();
    switch (kind) {
      case FLOW -> FlowRuleManager.register2Property((SentinelProperty<List<FlowRule>>) property);
      case DEGRADE ->
          DegradeRuleManager.register2Property((SentinelProperty<List<DegradeRule>>) property);
      case SYSTEM ->
          SystemRuleManager.register2Property((SentinelProperty<List<SystemRule>>) property);
      case AUTHORITY ->
          AuthorityRuleManager.register2Property((SentinelProperty<List<AuthorityRule>>) property);
      case PARAM_FLOW ->
          ParamFlowRuleManager.register2Property((SentinelProperty<List<ParamFlowRule>>) property);
      case GATEWAY_FLOW ->
          GatewayRuleManager.register2Property((SentinelProperty<Set<GatewayFlowRule>>) property);
      case GATEWAY_API_GROUP ->
          GatewayApiDefinitionManager.register2Property(
              (SentinelProperty<Set<ApiDefinition>>) property);
    }
  }

  /** Stops watching. All sources at once: they share one ZooKeeper client per address. */
  @Override
  public void close() {
    for (ZookeeperDataSource<?> source : sources) {
      try {
        source.close();
      } catch (Exception ignored) {
        // Shutting down: the connection goes with the JVM.
      }
    }
    sources.clear();
  }
}
