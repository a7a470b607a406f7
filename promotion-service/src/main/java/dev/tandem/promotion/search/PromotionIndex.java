package dev.tandem.promotion.search;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.promotion.api.SearchUnavailableException;
import dev.tandem.promotion.promotion.StoredPromotion;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The promotions index in Elasticsearch: a searchable copy of MySQL, never the truth.
 *
 * <p>Only what every Elasticsearch distribution has: the standard analyzer and match/bool/range
 * queries. Documents carry the MySQL row version as an external version, so a late or repeated
 * write by any instance can never replace a newer document.
 */
@Component
class PromotionIndex {

  private static final int CONFLICT = 409;

  private static final Logger log = LoggerFactory.getLogger(PromotionIndex.class);

  private final ElasticsearchClient client;
  private final ElasticsearchAsyncClient searches;
  private final String index;
  private final Duration timeout;
  private volatile boolean exists;

  PromotionIndex(ElasticsearchClient client, SearchSettings settings) {
    this.client = client;
    this.searches = new ElasticsearchAsyncClient(client._transport(), client._transportOptions());
    this.index = settings.index();
    this.timeout = settings.timeout();
  }

  /** Creates the index with its mapping unless it exists; another instance may race us to it. */
  void ensureExists() throws IOException {
    if (exists) {
      return;
    }
    if (!client.indices().exists(request -> request.index(index)).value()) {
      try {
        client
            .indices()
            .create(
                request ->
                    request
                        .index(index)
                        .mappings(
                            mapping ->
                                mapping
                                    .dynamic(DynamicMapping.Strict)
                                    .properties("title", p -> p.text(t -> t.analyzer("standard")))
                                    .properties(
                                        "description", p -> p.text(t -> t.analyzer("standard")))
                                    .properties("levelRequired", p -> p.keyword(k -> k))
                                    .properties("stock", p -> p.integer(i -> i))
                                    .properties("remaining", p -> p.integer(i -> i))
                                    .properties("startsAt", p -> p.date(d -> d))
                                    .properties("endsAt", p -> p.date(d -> d))));
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    }
    exists = true;
  }

  /**
   * Writes the promotions' current state.
   *
   * @return those Elasticsearch now holds at their version or newer
   */
  List<StoredPromotion> put(List<StoredPromotion> promotions) throws IOException {
    if (promotions.isEmpty()) {
      return List.of();
    }
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (StoredPromotion promotion : promotions) {
      bulk.operations(
          operation ->
              operation.index(
                  write ->
                      write
                          .index(index)
                          .id(Long.toString(promotion.id()))
                          .version(promotion.version())
                          .versionType(VersionType.External)
                          .document(PromotionDocument.of(promotion))));
    }
    BulkResponse response = client.bulk(bulk.build());
    List<StoredPromotion> confirmed = new ArrayList<>();
    for (int i = 0; i < promotions.size(); i++) {
      BulkResponseItem item = response.items().get(i);
      // A conflict means this version or a newer one is already there: as good as written.
      if (item.error() == null || item.status() == CONFLICT) {
        confirmed.add(promotions.get(i));
      }
    }
    return confirmed;
  }

  /**
   * Ids of promotions not yet ended whose title or description match, best first.
   *
   * @throws SearchUnavailableException when Elasticsearch does not answer within the search
   *     timeout. The blocking client cannot promise that: a hung node holds the call for the whole
   *     socket timeout, and the client then tries the next node (measured with every node hung: 5 s
   *     per search, a Dubbo thread held long after the caller gave up). The asynchronous client's
   *     request is cancelled at the deadline instead.
   */
  List<Long> search(String text, int limit) {
    CompletableFuture<SearchResponse<Void>> response =
        searches.search(
            request ->
                request
                    .index(index)
                    .size(limit)
                    .source(source -> source.fetch(false))
                    .query(
                        query ->
                            query.bool(
                                bool ->
                                    bool.must(
                                            must ->
                                                must.multiMatch(
                                                    match ->
                                                        match
                                                            .query(text)
                                                            .fields("title^2", "description")))
                                        .filter(
                                            filter ->
                                                filter.range(
                                                    range ->
                                                        range.date(
                                                            date ->
                                                                date.field("endsAt").gt("now")))))),
            Void.class);
    try {
      return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS).hits().hits().stream()
          .map(Hit::id)
          .map(Long::valueOf)
          .toList();
    } catch (TimeoutException e) {
      response.cancel(true);
      log.warn("search in {} gave up after {} ms", index, timeout.toMillis());
      throw new SearchUnavailableException();
    } catch (ExecutionException e) {
      log.warn("search in {} failed: {}", index, e.getCause().toString());
      throw new SearchUnavailableException();
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new SearchUnavailableException();
    }
  }

  record PromotionDocument(
      String title,
      String description,
      String levelRequired,
      int stock,
      int remaining,
      Instant startsAt,
      Instant endsAt) {

    static PromotionDocument of(StoredPromotion promotion) {
      return new PromotionDocument(
          promotion.title(),
          promotion.description(),
          promotion.levelRequired().name(),
          promotion.stock(),
          promotion.remaining(),
          promotion.startsAt(),
          promotion.endsAt());
    }
  }
}
