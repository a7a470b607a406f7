package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.csp.sentinel.adapter.gateway.common.SentinelGatewayConstants;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiDefinition;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPathPredicateItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.GatewayApiDefinitionManager;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayFlowRule;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayParamFlowItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.rule.GatewayRuleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sentinel's gateway rules as a client meets them: a request over a route's limit, a client
 * address's or a member's, answers 429 problem+json with {@code Retry-After}; the others pass. The
 * rules are set in the JVM here (no ZooKeeper: {@code GatewayRiskIT} covers the live source).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayFlowControlTest {

  static final StubInstance site = StubInstance.answering(200, "{\"id\": \"1\"}");
  static final TestIssuer tokens = TestIssuer.shared();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    // only the rules this test sets, not the cluster's, whatever TANDEM_ZOOKEEPER says
    registry.add("tandem.protection.rules.zookeeper", () -> "");
    tokens.trustedBy(registry);
    registry.add("spring.cloud.discovery.client.simple.instances.site-service[0].uri", site::uri);
  }

  @AfterAll
  static void stopInstance() {
    site.close();
  }

  /**
   * Sentinel starts its clock and statistics with its first entry in the JVM; a window a test
   * counts on must not begin in the middle of that.
   */
  @BeforeEach
  void sentinelStarted() {
    promotion().exchange().expectStatus().isOk();
  }

  @AfterEach
  void noRules() {
    GatewayRuleManager.loadRules(Set.of());
    GatewayApiDefinitionManager.loadApiDefinitions(Set.of());
  }

  @Autowired WebTestClient client;

  @Test
  void aRequestOverTheRoutesLimitAnswers429ProblemWithRetryAfter() {
    GatewayRuleManager.loadRules(
        Set.of(new GatewayFlowRule("site-api").setCount(2).setIntervalSec(3)));

    List<EntityExchangeResult<byte[]>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(promotion().exchange().expectBody().returnResult());
    }

    assertThat(answers).extracting(a -> a.getStatus().value()).containsExactly(200, 200, 429, 429);
    EntityExchangeResult<byte[]> refused = answers.get(2);
    assertThat(refused.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("3");
    assertThat(new String(refused.getResponseBody()))
        .contains("\"type\":\"https://tandem.dev/problems/too-many-requests\"")
        .contains("\"status\":429");
    assertThat(refused.getResponseHeaders().getFirst("X-Request-Id")).isNotBlank();
  }

  @Test
  void theLimitPerClientAddressCountsNginxsRealIpNotTheSocket() {
    GatewayRuleManager.loadRules(
        Set.of(
            new GatewayFlowRule("site-api")
                .setCount(1)
                .setIntervalSec(60)
                .setParamItem(
                    new GatewayParamFlowItem()
                        .setParseStrategy(
                            SentinelGatewayConstants.PARAM_PARSE_STRATEGY_CLIENT_IP))));

    promotion().header("X-Real-IP", "192.0.2.10").exchange().expectStatus().isOk();
    promotion().header("X-Real-IP", "192.0.2.10").exchange().expectStatus().isEqualTo(429);
    // another client behind the same nginx
    promotion().header("X-Real-IP", "192.0.2.11").exchange().expectStatus().isOk();
    // without the header, the socket's address is the parameter: counted, not waved through
    promotion().exchange().expectStatus().isOk();
    promotion().exchange().expectStatus().isEqualTo(429);
  }

  @Test
  void theLimitPerMemberCountsTheTokensSubjectNotWhatTheClientClaims() {
    GatewayApiDefinitionManager.loadApiDefinitions(
        Set.of(
            new ApiDefinition("claims")
                .setPredicateItems(
                    Set.of(
                        new ApiPathPredicateItem()
                            .setPattern("^/api/promotions/[^/]+/claims$")
                            .setMatchStrategy(
                                SentinelGatewayConstants.URL_MATCH_STRATEGY_REGEX)))));
    GatewayRuleManager.loadRules(
        Set.of(
            new GatewayFlowRule("claims")
                .setResourceMode(SentinelGatewayConstants.RESOURCE_MODE_CUSTOM_API_NAME)
                .setCount(1)
                .setIntervalSec(60)
                .setParamItem(
                    new GatewayParamFlowItem()
                        .setParseStrategy(SentinelGatewayConstants.PARAM_PARSE_STRATEGY_HEADER)
                        .setFieldName("X-Tandem-Member"))));

    claim(tokens.member(41)).exchange().expectStatus().isOk();
    claim(tokens.member(41)).exchange().expectStatus().isEqualTo(429);
    // member 42 naming member 41 in the header spends its own allowance, not 41's
    claim(tokens.member(42)).header("X-Tandem-Member", "41").exchange().expectStatus().isOk();
    claim(tokens.member(42)).exchange().expectStatus().isEqualTo(429);
    // and cannot dodge its own by naming somebody else
    claim(tokens.member(42))
        .header("X-Tandem-Member", "43")
        .exchange()
        .expectStatus()
        .isEqualTo(429);
    // the header site-service receives is the token's subject
    assertThat(site.received().getLast().header("X-Tandem-Member")).isEqualTo("42");
  }

  private WebTestClient.RequestHeadersSpec<?> promotion() {
    return client.get().uri("/api/promotions/7");
  }

  private WebTestClient.RequestHeadersSpec<?> claim(String token) {
    return client
        .post()
        .uri("/api/promotions/7/claims")
        .headers(headers -> headers.setBearerAuth(token))
        .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"memberId\": \"1\"}");
  }
}
