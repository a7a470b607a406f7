package dev.tandem.platform.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiDefinition;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPathPredicateItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayFlowRule;
import com.alibaba.csp.sentinel.slots.block.RuleConstant;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import java.util.Collection;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleFormatTest {

  private final RuleFormat format = new RuleFormat();

  @Test
  void readsSentinelsOwnFieldNames() {
    Collection<?> rules =
        format.read(
            RuleKind.FLOW,
            """
            [{"resource": "dubbo:provider:a.B:c()", "grade": 0, "count": 8}]
            """);

    assertThat(rules)
        .singleElement()
        .isInstanceOfSatisfying(
            FlowRule.class,
            rule -> {
              assertThat(rule.getResource()).isEqualTo("dubbo:provider:a.B:c()");
              assertThat(rule.getGrade()).isEqualTo(RuleConstant.FLOW_GRADE_THREAD);
              assertThat(rule.getCount()).isEqualTo(8);
            });
  }

  @Test
  void refusesAMisspeltFieldInsteadOfLimitingNothing() {
    assertThatThrownBy(() -> format.read(RuleKind.FLOW, "[{\"resource\": \"r\", \"cout\": 5}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flow rules")
        .hasMessageContaining("cout");
  }

  @Test
  void refusesSomethingOtherThanAnArray() {
    assertThatThrownBy(() -> format.read(RuleKind.DEGRADE, "{\"resource\": \"r\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON array");
    assertThatThrownBy(() -> format.read(RuleKind.DEGRADE, "[null]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyOrMissingNodeIsNoRules() {
    assertThat(format.read(RuleKind.SYSTEM, null)).isEmpty();
    assertThat(format.read(RuleKind.SYSTEM, "  ")).isEmpty();
    assertThat(format.read(RuleKind.GATEWAY_FLOW, "")).isInstanceOf(Set.class).isEmpty();
  }

  @Test
  void readsDegradeRules() {
    assertThat(
            format.read(
                RuleKind.DEGRADE,
                "[{\"resource\":\"r\",\"grade\":0,\"count\":500,\"slowRatioThreshold\":0.5,"
                    + "\"timeWindow\":5,\"minRequestAmount\":10,\"statIntervalMs\":2000}]"))
        .singleElement()
        .isInstanceOfSatisfying(
            DegradeRule.class, rule -> assertThat(rule.getSlowRatioThreshold()).isEqualTo(0.5));
  }

  @Test
  void readsTheGatewaysRulesAndApiGroupsAsSets() {
    Collection<?> rules =
        format.read(
            RuleKind.GATEWAY_FLOW,
            """
            [{"resource": "claims", "resourceMode": 1, "count": 50,
              "paramItem": {"parseStrategy": 2, "fieldName": "X-Real-IP"}}]
            """);
    assertThat(rules)
        .isInstanceOf(Set.class)
        .singleElement()
        .isInstanceOfSatisfying(
            GatewayFlowRule.class,
            rule -> assertThat(rule.getParamItem().getFieldName()).isEqualTo("X-Real-IP"));

    Collection<?> groups =
        format.read(
            RuleKind.GATEWAY_API_GROUP,
            """
            [{"apiName": "claims",
              "predicateItems": [{"pattern": "/api/promotions/*/claims", "matchStrategy": 1}]}]
            """);
    assertThat(groups)
        .singleElement()
        .isInstanceOfSatisfying(
            ApiDefinition.class,
            group ->
                assertThat(group.getPredicateItems())
                    .singleElement()
                    .isInstanceOfSatisfying(
                        ApiPathPredicateItem.class,
                        path ->
                            assertThat(path.getPattern()).isEqualTo("/api/promotions/*/claims")));
  }
}
