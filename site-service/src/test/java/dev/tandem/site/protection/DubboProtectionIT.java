package dev.tandem.site.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.TandemEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * site-service's protection of its Dubbo calls, against the cluster's real promotion-service
 * providers: a circuit breaker that opens, answers at once and closes again by itself; a provider's
 * concurrency limit that sheds at once. (One hung provider among good ones, ejected and rejoining,
 * needs two providers: the provider-hang drill shows it on ha.) This JVM's site-service reads its
 * Sentinel rules from a node of its own, so the cluster's site-service keeps its rules; the
 * provider's limit is the cluster's own node, put back afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DubboProtectionIT {

  static final String MACHINE = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
  static final String ZOOKEEPER = TandemEnvironment.get("TANDEM_ZOOKEEPER");
  static final String APPLICATION = "site-service-it-" + UUID.randomUUID();

  static final String PROMOTION_GET = "dev.tandem.promotion.api.PromotionService:get(long)";

  /** Whatever promotion has this id, if any: a provider that answers gives 200 or 404 at once. */
  static final long PROMOTION = 1;

  static RuleNodes rules;

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add("server.address", () -> MACHINE);
    registry.add("tandem.instance.host-address", () -> MACHINE);
    registry.add("spring.cloud.zookeeper.connect-string", () -> ZOOKEEPER);
    registry.add("spring.cloud.zookeeper.discovery.root", () -> "/tandem-it-" + UUID.randomUUID());
    registry.add("dubbo.registry.address", () -> "zookeeper://" + ZOOKEEPER);
    registry.add("dubbo.protocol.host", () -> MACHINE);
    registry.add("tandem.security.keys", () -> TandemEnvironment.get("TANDEM_JWT_KEYS"));
    registry.add("tandem.security.issuer", () -> TandemEnvironment.get("TANDEM_JWT_ISSUER"));
    registry.add("tandem.protection.rules.zookeeper", () -> ZOOKEEPER);
    registry.add("tandem.protection.rules.application", () -> APPLICATION);
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect() throws Exception {
    rules = new RuleNodes(ZOOKEEPER);
  }

  @AfterAll
  static void disconnect() throws Exception {
    rules.write(RuleNodes.path(APPLICATION, "degrade"), "[]");
    rules.close();
  }

  @Test
  void anOpenBreakerAnswersAtOnceWithRetryAfterAndClosesByItselfWhenTheMethodRecovers()
      throws Exception {
    awaitHealthy();
    // Opens on the second unanswered call within 10 s, for 2 s, then lets one probe through.
    rules.write(
        RuleNodes.path(APPLICATION, "degrade"),
        """
        [{"resource": "dubbo:consumer:%s", "grade": 2, "count": 2, "minRequestAmount": 2,
          "statIntervalMs": 10000, "timeWindow": 2}]"""
            .formatted(PROMOTION_GET));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                com.alibaba.csp.sentinel.slots.block.degrade.DegradeRuleManager.hasConfig(
                    "dubbo:consumer:" + PROMOTION_GET));

    ClusterInstances promotions = ClusterInstances.of("promotion-service");
    assertThat(promotions.instances()).as("promotion-service instances").isNotEmpty();
    List<HttpResponse<String>> whileHung;
    try {
      promotions.instances().forEach(ClusterInstances.Instance::pause);
      whileHung = inParallel(3);
    } finally {
      promotions.instances().forEach(ClusterInstances.Instance::resume);
    }
    assertThat(whileHung).extracting(HttpResponse::statusCode).doesNotContain(500, 200, 404);

    long started = System.nanoTime();
    HttpResponse<String> open = get();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(open.statusCode()).as(open.body()).isEqualTo(503);
    assertThat(open.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(open.body()).contains("https://tandem.dev/problems/service-unavailable");
    assertThat(open.headers().firstValue("Retry-After")).isPresent();
    assertThat(tookMillis).as("an open breaker answers without calling").isLessThan(300);

    // The providers answer again: after its 2 s the breaker's probe gets through and closes it.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> answered(get().statusCode()));
  }

  @Test
  void aProviderAtItsConcurrencyLimitShedsAtOnceAndTheCallerAnswers503() throws Exception {
    awaitHealthy();
    String node = RuleNodes.path("promotion-service", "flow");
    String previous = rules.read(node);
    try {
      // A limit of 0 concurrent calls: every call is over it, so the outcome does not depend on
      // how calls happen to overlap.
      rules.write(
          node,
          """
          [{"resource": "dubbo:provider:%s", "grade": 0, "count": 0}]"""
              .formatted(PROMOTION_GET));
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> get().statusCode() == 503);
      for (int i = 0; i < 5; i++) {
        long started = System.nanoTime();
        HttpResponse<String> shed = get();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.body()).contains("https://tandem.dev/problems/service-unavailable");
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        // Well below the read's 700 ms timeout on a busy machine: refused, not queued.
        assertThat(tookMillis).as("shed, not queued").isLessThan(500);
      }
    } finally {
      rules.restore(node, previous);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> answered(get().statusCode()));
  }

  /** The provider answered: the promotion, or that there is none. */
  private static boolean answered(int status) {
    return status == 200 || status == 404;
  }

  private static long millisSince(long origin) {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  private void awaitHealthy() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> answered(get().statusCode()));
  }

  private List<HttpResponse<String>> inParallel(int count) throws Exception {
    try (ExecutorService callers = Executors.newFixedThreadPool(count)) {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        answers.add(callers.submit(this::get));
      }
      List<HttpResponse<String>> done = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        done.add(answer.get());
      }
      return done;
    }
  }

  private HttpResponse<String> get() throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://" + MACHINE + ":" + port + "/api/promotions/" + PROMOTION))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
