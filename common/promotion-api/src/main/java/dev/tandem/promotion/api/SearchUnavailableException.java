package dev.tandem.promotion.api;

/**
 * The search index did not answer in time (Elasticsearch down, hung or overloaded). Nothing else
 * depends on it: promotions, claims and coupons are served from MySQL all the same. A retry a
 * moment later may succeed.
 */
public class SearchUnavailableException extends RuntimeException {

  public SearchUnavailableException() {
    super("search is unavailable right now; retry shortly");
  }
}
