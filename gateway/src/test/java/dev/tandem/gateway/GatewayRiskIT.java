package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.TandemEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Risk control and Sentinel's live rules against the cluster's real Redis and ZooKeeper, with two
 * gateway instances in this JVM (the test's context and a second one) sharing them as the cluster's
 * two gateways do: a member's claim limit counts claims through either; the block list and a
 * gateway flow rule, changed in ZooKeeper, are in force within 2 s without a restart.
 *
 * <p>Everything this test writes lives under nodes and keys of its own (a random root), so the
 * cluster's own gateway never sees it; site-service is a stub registered there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRiskIT {

  static final String MACHINE = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final String ROOT = "/tandem-it-" + UUID.randomUUID();
  static final String BLOCK_LIST = ROOT + "/risk/blocked";
  static final String RULES = ROOT + "/sentinel";
  static final TestIssuer issuer = TestIssuer.create();
  static final StubInstance site =
      StubInstance.answeringOn(MACHINE, 201, "{\"couponId\": \"1\"}")
          .serving(TestIssuer.KEYS_PATH, issuer.keys());

  /** Both instances' settings: the cluster's middleware, this test's nodes, tight limits. */
  static final Map<String, Object> SETTINGS = new HashMap<>();

  static {
    SETTINGS.put(
        "spring.cloud.zookeeper.connect-string", TandemEnvironment.get("TANDEM_ZOOKEEPER"));
    SETTINGS.put("spring.cloud.zookeeper.discovery.root", ROOT + "/services");
    SETTINGS.put("tandem.protection.rules.zookeeper", TandemEnvironment.get("TANDEM_ZOOKEEPER"));
    SETTINGS.put("tandem.protection.rules.root", RULES);
    SETTINGS.put("tandem.security.issuer", TestIssuer.ISSUER);
    SETTINGS.put("tandem.security.audience", TestIssuer.AUDIENCE);
    // the keys straight from the stub: a token is checked whether or not it is registered yet
    SETTINGS.put("tandem.security.jwk-set-uri", site.uri() + TestIssuer.KEYS_PATH);
    SETTINGS.put("tandem.risk.redis.sentinels", TandemEnvironment.get("TANDEM_REDIS_SENTINELS"));
    SETTINGS.put(
        "tandem.risk.redis.master-name", TandemEnvironment.get("TANDEM_REDIS_MASTER_NAME"));
    SETTINGS.put("tandem.risk.redis.password", TandemEnvironment.get("TANDEM_REDIS_PASSWORD"));
    SETTINGS.put(
        "tandem.risk.redis.sentinel-password",
        TandemEnvironment.get("TANDEM_REDIS_SENTINEL_PASSWORD"));
    // this machine is shared with other work: a decision may take longer than in production
    SETTINGS.put("tandem.risk.redis.timeout", "2s");
    SETTINGS.put("tandem.risk.claims-per-member.count", "2");
    SETTINGS.put("tandem.risk.claims-per-member.window", "30s");
    SETTINGS.put("tandem.risk.exempt-addresses", "");
    SETTINGS.put("tandem.risk.block-list", BLOCK_LIST);
  }

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    SETTINGS.forEach((key, value) -> registry.add(key, () -> value));
  }

  static ConfigurableApplicationContext second;

  @BeforeAll
  static void secondInstance() {
    // as arguments: above application.yml, as the test context's dynamic properties are
    List<String> arguments = new ArrayList<>();
    SETTINGS.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    arguments.add("--server.port=0");
    second =
        new SpringApplicationBuilder(GatewayApplication.class)
            .properties("spring.main.banner-mode=off")
            .run(arguments.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    site.close();
    issuer.close();
  }

  @LocalServerPort int port;
  @Autowired ZookeeperServiceRegistry registry;
  @Autowired CuratorFramework zookeeper;

  @Test
  void aMembersClaimLimitHoldsAcrossBothGateways() throws Exception {
    ZookeeperRegistration instance = registerSite();
    try {
      WebTestClient first = client(port);
      WebTestClient other = client(portOf(second));
      String member = issuer.member(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
      String key = UUID.randomUUID().toString();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> claim(first, member, key).getStatus().value() == 201);

      // the other instance's discovery sees the stub a moment later; this claim counts too
      String secondKey = UUID.randomUUID().toString();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> claim(other, member, secondKey).getStatus().value() == 201);
      // a retry of the first claim is the same attempt, wherever it lands
      assertThat(claim(other, member, key).getStatus().value()).isEqualTo(201);

      EntityExchangeResult<byte[]> third = claim(first, member, UUID.randomUUID().toString());
      assertThat(third.getStatus().value()).isEqualTo(429);
      assertThat(third.getResponseHeaders().getContentType())
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(body(third)).contains("https://tandem.dev/problems/too-many-requests");
      assertThat(Long.parseLong(third.getResponseHeaders().getFirst("Retry-After")))
          .isBetween(1L, 30L);
      assertThat(claim(other, member, UUID.randomUUID().toString()).getStatus().value())
          .isEqualTo(429);

      String refused =
          client(portOf(second))
              .get()
              .uri("/actuator/prometheus")
              .exchange()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(refused).contains("tandem_gateway_refused_total{reason=\"claims-per-member\"}");
    } finally {
      registry.deregister(instance);
    }
  }

  @Test
  void theBlockListChangesLiveOnBothGateways() throws Exception {
    WebTestClient first = client(port);
    WebTestClient other = client(portOf(second));
    String address = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255);
    long member = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    try {
      write(
          BLOCK_LIST, "{\"addresses\": [\"" + address + "\"], \"members\": [\"" + member + "\"]}");

      for (WebTestClient gateway : new WebTestClient[] {first, other}) {
        await()
            .atMost(Duration.ofSeconds(2))
            .untilAsserted(() -> assertBlocked(from(gateway, address)));
        assertBlocked(
            gateway
                .get()
                .uri("/api/members/" + member + "/home")
                .headers(headers -> headers.setBearerAuth(issuer.member(member)))
                .exchange()
                .expectBody()
                .returnResult());
        assertThat(from(gateway, "192.0.2.0").getStatus().value()).isNotEqualTo(403);
      }

      write(BLOCK_LIST, "{\"addresses\": [], \"members\": []}");
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> from(first, address).getStatus().value() != 403);
    } finally {
      write(BLOCK_LIST, "{\"addresses\": [], \"members\": []}");
    }
  }

  @Test
  void aGatewayFlowRuleWrittenToZooKeeperShedsWithin2s() throws Exception {
    WebTestClient gateway = client(port);
    String prefix = "/api/promotions/flow-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      write(
          RULES + "/gateway/gw-api-group",
          "[{\"apiName\": \"it-group\", \"predicateItems\": [{\"pattern\": \""
              + prefix
              + "/**\", \"matchStrategy\": 1}]}]");
      write(
          RULES + "/gateway/gw-flow",
          "[{\"resource\": \"it-group\", \"resourceMode\": 1, \"count\": 1, \"intervalSec\": 5}]");

      await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                EntityExchangeResult<byte[]> answer = get(gateway, prefix + "/x");
                assertThat(answer.getStatus().value()).isEqualTo(429);
                assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
                assertThat(body(answer)).contains("too-many-requests");
              });
      // other paths are not in the group
      assertThat(get(gateway, "/api/promotions/elsewhere").getStatus().value()).isNotEqualTo(429);
    } finally {
      write(RULES + "/gateway/gw-flow", "[]");
      write(RULES + "/gateway/gw-api-group", "[]");
    }
  }

  private void assertBlocked(EntityExchangeResult<byte[]> answer) {
    assertThat(answer.getStatus().value()).isEqualTo(403);
    assertThat(body(answer)).contains("https://tandem.dev/problems/blocked");
  }

  private ZookeeperRegistration registerSite() {
    ZookeeperRegistration instance =
        ServiceInstanceRegistration.builder()
            .defaultUriSpec()
            .name("site-service")
            .address(MACHINE)
            .port(site.port())
            .build();
    registry.register(instance);
    return instance;
  }

  private void write(String node, String json) throws Exception {
    byte[] data = json.getBytes(StandardCharsets.UTF_8);
    if (zookeeper.checkExists().forPath(node) == null) {
      zookeeper.create().creatingParentsIfNeeded().forPath(node, data);
    } else {
      zookeeper.setData().forPath(node, data);
    }
  }

  private static EntityExchangeResult<byte[]> claim(
      WebTestClient gateway, String token, String key) {
    return gateway
        .post()
        .uri("/api/promotions/1/claims")
        .headers(headers -> headers.setBearerAuth(token))
        .header("Idempotency-Key", key)
        .header("X-Real-IP", "192.0.2.200")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"memberId\": \"1\"}")
        .exchange()
        .expectBody()
        .returnResult();
  }

  /** A public read from {@code address}. */
  private static EntityExchangeResult<byte[]> from(WebTestClient gateway, String address) {
    return gateway
        .get()
        .uri("/api/promotions/1")
        .header("X-Real-IP", address)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static EntityExchangeResult<byte[]> get(WebTestClient gateway, String path) {
    return gateway.get().uri(path).exchange().expectBody().returnResult();
  }

  private static String body(EntityExchangeResult<byte[]> answer) {
    return answer.getResponseBody() == null
        ? ""
        : new String(answer.getResponseBody(), StandardCharsets.UTF_8);
  }

  private static WebTestClient client(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static int portOf(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
