package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway has fetched the key set (through discovery, as in the cluster) and been through the
 * route's client to site-service before anyone has sent it a request (see {@code route.WarmUp}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WarmUpTest {

  static final TestIssuer issuer = TestIssuer.create();
  static final StubInstance site =
      StubInstance.answering(200, "{\"routed\": true}")
          .serving(TestIssuer.KEYS_PATH, issuer.keys());

  @DynamicPropertySource
  static void instances(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.zookeeper.enabled", () -> "false");
    registry.add("spring.cloud.discovery.client.simple.instances.site-service[0].uri", site::uri);
    registry.add("tandem.security.issuer", () -> TestIssuer.ISSUER);
    registry.add("tandem.security.audience", () -> TestIssuer.AUDIENCE);
  }

  @AfterAll
  static void stop() {
    site.close();
    issuer.close();
  }

  @Test
  void hasFetchedTheKeysAndBeenThroughTheRouteBeforeItsFirstRequest() {
    // once by the token decoder, once through the route's client
    assertThat(issuer.fetches()).isGreaterThanOrEqualTo(2);
  }
}
