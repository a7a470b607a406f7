package dev.tandem.promotion;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.tandem.platform.testing.TandemEnvironment;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestComponent;

/**
 * Removes this run's search index and topics when the test context closes. Not earlier: until its
 * listener and indexing job have stopped, the service would create them again (Kafka and
 * Elasticsearch both create what a client names).
 */
@TestComponent
class RunCleanup implements DisposableBean {

  private final ElasticsearchClient elasticsearch;

  RunCleanup(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  @Override
  public void destroy() throws Exception {
    elasticsearch
        .indices()
        .delete(request -> request.index(ClusterIntegration.SEARCH_INDEX).ignoreUnavailable(true));
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TandemEnvironment.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS")))) {
      admin
          .deleteTopics(
              List.of(ClusterIntegration.WELCOME_TOPIC, ClusterIntegration.WELCOME_TOPIC + ".DLT"))
          .all()
          .get();
    }
  }
}
