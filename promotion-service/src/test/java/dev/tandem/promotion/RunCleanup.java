package dev.tandem.promotion;

import static dev.tandem.promotion.ClusterIntegration.RUN;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.platform.testing.TandemEnvironment;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;

/**
 * Removes this run's promotions from the shared search index, and its topics, when the test context
 * closes. Not earlier: until its listener has stopped, the service would create the topics again
 * (Kafka creates what a client names). The rows are gone by then, so no instance copies them back.
 */
@TestComponent
class RunCleanup implements DisposableBean {

  private final ElasticsearchClient elasticsearch;
  private final String index;

  RunCleanup(
      ElasticsearchClient elasticsearch, @Value("${tandem.promotion.search.index}") String index) {
    this.elasticsearch = elasticsearch;
    this.index = index;
  }

  @Override
  public void destroy() throws Exception {
    // Every promotion of a run names it in its description; see PromotionServiceIT.running. By id,
    // because this cluster's Elasticsearch has no reindex module, so no _delete_by_query.
    // A copy made in the last second is not searchable before a refresh.
    elasticsearch.indices().refresh(request -> request.index(index).ignoreUnavailable(true));
    List<String> ofThisRun =
        elasticsearch
            .search(
                request ->
                    request
                        .index(index)
                        .ignoreUnavailable(true)
                        .size(1000)
                        .source(source -> source.fetch(false))
                        .query(
                            query -> query.match(match -> match.field("description").query(RUN))),
                Void.class)
            .hits()
            .hits()
            .stream()
            .map(Hit::id)
            .toList();
    if (!ofThisRun.isEmpty()) {
      elasticsearch.bulk(
          bulk ->
              bulk.operations(
                  ofThisRun.stream()
                      .map(id -> BulkOperation.of(op -> op.delete(d -> d.index(index).id(id))))
                      .toList()));
    }
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
