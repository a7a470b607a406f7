package dev.tandem.promotion.search;

import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.promotion.PromotionRepository;
import dev.tandem.promotion.promotion.StoredPromotion;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Full-text search: Elasticsearch ranks, MySQL answers, so the stock a result shows is never older
 * than the index's last copy.
 */
@Service
public class PromotionSearch {

  static final int RESULTS = 20;

  private final PromotionIndex index;
  private final PromotionRepository promotions;

  PromotionSearch(PromotionIndex index, PromotionRepository promotions) {
    this.index = index;
    this.promotions = promotions;
  }

  public List<Promotion> search(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<Long> ranked = index.search(text, RESULTS);
    Map<Long, StoredPromotion> byId =
        promotions.findAll(ranked).stream()
            .collect(Collectors.toMap(StoredPromotion::id, Function.identity()));
    return ranked.stream().filter(byId::containsKey).map(id -> byId.get(id).toApi()).toList();
  }
}
