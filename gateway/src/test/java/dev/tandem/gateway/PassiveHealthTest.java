package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A killed instance that discovery still lists, under concurrent writes: round-robin alone hands it
 * to retries too, and with enough concurrency some request meets it on every attempt (the site-kill
 * drill measured hundreds of failures that way). Passive health takes it out at the first failure,
 * so no request fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PassiveHealthTest {

  static final StubInstance healthy = StubInstance.answering(201, "{\"id\": \"7\"}");
  static final String killed = StubInstance.refusingUri();

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    // 200 sign-ups from one address: risk control (deciding alone, without Redis here) would
    // refuse all but 20 of them, and this test is about failover, not about that limit
    registry.add("tandem.risk.registrations-per-address.count", () -> "1000");
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[0].uri", () -> killed);
    registry.add(
        "spring.cloud.discovery.client.simple.instances.site-service[1].uri", healthy::uri);
  }

  @AfterAll
  static void stopInstances() {
    healthy.close();
  }

  @Autowired WebTestClient client;

  @Test
  void noConcurrentWriteFailsWhileAKilledInstanceIsStillListed() throws Exception {
    int requests = 200;
    List<Callable<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String key = "key-" + i;
      writes.add(
          () ->
              client
                  .post()
                  .uri("/api/members")
                  .header("Idempotency-Key", key)
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue("{\"name\": \"Ada\"}")
                  .exchange()
                  .returnResult(String.class)
                  .getStatus()
                  .value());
    }
    List<Integer> statuses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (Future<Integer> status : pool.invokeAll(writes)) {
        statuses.add(status.get());
      }
    }

    assertThat(statuses).hasSize(requests).containsOnly(201);
    assertThat(healthy.received()).hasSizeGreaterThanOrEqualTo(requests);
  }
}
