package dev.tandem.promotion;

import dev.tandem.platform.testing.TandemEnvironment;
import dev.tandem.promotion.member.MemberClient;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The whole service against the real middleware of the running Tandem cluster. Names are unique per
 * run (topics, consumer group, election path) so runs and the cluster's own instances never meet.
 * The search index is the exception: it is a copy of the promotion table, which the cluster's
 * instances share with the test, and whichever instance copies a row first marks it copied; a
 * separate index for the test would miss every row an instance of the cluster got to first. Dubbo
 * exports on the cluster's machine address and registers nowhere; member-service, another team's,
 * is replaced at its client class.
 */
@SpringBootTest
@Import(RunCleanup.class)
public abstract class ClusterIntegration {

  protected static final String RUN = UUID.randomUUID().toString().replace("-", "");
  protected static final String WELCOME_TOPIC = "member.registered.it-" + RUN;

  @MockitoBean protected MemberClient members;

  @DynamicPropertySource
  static void realMiddleware(DynamicPropertyRegistry properties) {
    properties.add(
        "spring.datasource.url",
        () ->
            "jdbc:mysql://"
                + TandemEnvironment.get("TANDEM_MYSQL_PROMOTION")
                + "/"
                + TandemEnvironment.get("TANDEM_MYSQL_PROMOTION_DATABASE")
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
    properties.add("spring.datasource.username", () -> TandemEnvironment.get("TANDEM_MYSQL_USER"));
    properties.add(
        "spring.datasource.password", () -> TandemEnvironment.get("TANDEM_MYSQL_PASSWORD"));
    properties.add(
        "spring.flyway.user", () -> TandemEnvironment.get("TANDEM_MYSQL_MIGRATION_USER"));
    properties.add(
        "spring.flyway.password", () -> TandemEnvironment.get("TANDEM_MYSQL_MIGRATION_PASSWORD"));
    properties.add(
        "spring.elasticsearch.uris", () -> TandemEnvironment.get("TANDEM_ELASTICSEARCH_URIS"));
    properties.add(
        "spring.kafka.bootstrap-servers",
        () -> TandemEnvironment.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS"));
    properties.add("spring.kafka.consumer.group-id", () -> "promotion-it-" + RUN);
    properties.add("tandem.promotion.welcome.topic", () -> WELCOME_TOPIC);
    properties.add("tandem.promotion.welcome.retries", () -> "1");
    properties.add("tandem.promotion.search.interval", () -> "200ms");
    properties.add(
        "tandem.promotion.expiry.zookeeper", () -> TandemEnvironment.get("TANDEM_ZOOKEEPER"));
    properties.add("tandem.promotion.expiry.leader-path", () -> "/tandem/it/" + RUN + "/expiry");
    properties.add(
        "tandem.instance.host-address", () -> TandemEnvironment.get("TANDEM_MACHINE_ADDRESS"));
    properties.add("dubbo.registry.address", () -> "N/A");
    // Without a registry Dubbo cannot refer MemberService; the double replaces it, so never try.
    properties.add("dubbo.consumer.init", () -> "false");
    properties.add("dubbo.protocol.port", () -> "-1");
  }
}
