package dev.tandem.promotion.search;

import dev.tandem.promotion.promotion.PromotionRepository;
import dev.tandem.promotion.promotion.StoredPromotion;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Copies changed promotions to Elasticsearch: the outbox relay for the search index.
 *
 * <p>Writes never call Elasticsearch; they bump the row's version in their MySQL transaction and
 * this job, on every instance, copies what lags. So a write succeeds while Elasticsearch is down,
 * and the path that repairs the index after an outage is the same one that runs all day.
 */
@Component
class SearchIndexing {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexing.class);

  private final PromotionIndex index;
  private final PromotionRepository promotions;
  private final SearchSettings settings;
  private boolean failing;

  SearchIndexing(PromotionIndex index, PromotionRepository promotions, SearchSettings settings) {
    this.index = index;
    this.promotions = promotions;
    this.settings = settings;
  }

  @Scheduled(fixedDelayString = "${tandem.promotion.search.interval}")
  void copyChanges() {
    try {
      index.ensureExists();
      List<StoredPromotion> pending = promotions.findNotIndexed(settings.batchSize());
      for (StoredPromotion copied : index.put(pending)) {
        promotions.markIndexed(copied.id(), copied.version());
      }
      if (failing) {
        log.info("search index {} is being updated again", settings.index());
        failing = false;
      }
    } catch (Exception e) {
      // Logged once per outage; the changes wait in MySQL and are copied when it ends.
      if (!failing) {
        log.warn("cannot update search index {}, will retry: {}", settings.index(), e.toString());
        failing = true;
      }
    }
  }
}
