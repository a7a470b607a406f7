package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.csp.sentinel.adapter.gateway.common.SentinelGatewayConstants;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiDefinition;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPathPredicateItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayFlowRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.protection.RuleFormat;
import dev.tandem.platform.protection.RuleKind;
import dev.tandem.platform.testing.TandemEnvironment;
import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The gateway's versioned Sentinel defaults ({@code infra/sentinel/gateway.json}, what {@code
 * ./tandem up} writes into ZooKeeper) read as the gateway reads them, strictly, and say what the
 * README says they do.
 */
class SentinelDefaultsTest {

  static final String ROUTE = "site-api";

  final Map<String, Collection<?>> rules = read();

  @Test
  void everyKindInTheFileIsOneTheGatewayEnforces() {
    assertThat(rules).containsOnlyKeys("gw-flow", "gw-api-group");
  }

  @Test
  void theRouteHasACapForEveryoneAndOnePerClientAddress() {
    Set<GatewayFlowRule> route = flow(rule -> rule.getResource().equals(ROUTE));
    // a cap on a header would let requests without it pass: the route-wide cap has no parameter
    assertThat(route).anySatisfy(rule -> assertThat(rule.getParamItem()).isNull());
    // anySatisfy only moves past an AssertionError, so the rules without a parameter stay out
    assertThat(route.stream().filter(rule -> rule.getParamItem() != null))
        .anySatisfy(
            rule ->
                assertThat(rule.getParamItem().getParseStrategy())
                    .isEqualTo(SentinelGatewayConstants.PARAM_PARSE_STRATEGY_CLIENT_IP));
  }

  @Test
  void claimsAreLimitedPerMemberByTheHeaderTheGatewaySets() {
    ApiDefinition claims =
        groups().stream().filter(group -> group.getApiName().equals("claims")).findFirst().get();
    Pattern path =
        Pattern.compile(
            ((ApiPathPredicateItem) claims.getPredicateItems().iterator().next()).getPattern());
    assertThat(path.matcher("/api/promotions/123/claims").matches()).isTrue();
    assertThat(path.matcher("/api/promotions/123").matches()).isFalse();
    assertThat(flow(rule -> rule.getResource().equals("claims")))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResourceMode())
                  .isEqualTo(SentinelGatewayConstants.RESOURCE_MODE_CUSTOM_API_NAME);
              assertThat(rule.getParamItem().getFieldName()).isEqualTo("X-Tandem-Member");
            });
  }

  @Test
  void theLimitsLeaveRoomForTheDrillsFromOneAddress() {
    // the drills send up to a few hundred requests a second, all from the machine's one address,
    // through two gateways; one gateway must take them all when the other is down
    assertThat(flow(rule -> rule.getResource().equals(ROUTE)))
        .allSatisfy(rule -> assertThat(rule.getCount()).isGreaterThanOrEqualTo(300));
  }

  @SuppressWarnings("unchecked")
  private Set<GatewayFlowRule> flow(java.util.function.Predicate<GatewayFlowRule> which) {
    return ((Collection<GatewayFlowRule>) rules.get("gw-flow"))
        .stream().filter(which).collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private Collection<ApiDefinition> groups() {
    return (Collection<ApiDefinition>) rules.get("gw-api-group");
  }

  private static Map<String, Collection<?>> read() {
    try {
      JsonNode file =
          new ObjectMapper()
              .readTree(TandemEnvironment.root().resolve("infra/sentinel/gateway.json").toFile());
      RuleFormat format = new RuleFormat();
      Map<String, Collection<?>> rules = new java.util.LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> kinds = file.fields(); kinds.hasNext(); ) {
        Map.Entry<String, JsonNode> kind = kinds.next();
        RuleKind known =
            RuleKind.byId(kind.getKey())
                .orElseThrow(() -> new AssertionError("no rule kind " + kind.getKey()));
        rules.put(kind.getKey(), format.read(known, kind.getValue().toString()));
      }
      return rules;
    } catch (IOException e) {
      throw new AssertionError("infra/sentinel/gateway.json: " + e.getMessage(), e);
    }
  }
}
