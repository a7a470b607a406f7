package dev.tandem.site.promotion;

import java.util.List;

/** Search results, wrapped in an object so that paging fields can be added without a break. */
record SearchView(List<PromotionView> items) {}
