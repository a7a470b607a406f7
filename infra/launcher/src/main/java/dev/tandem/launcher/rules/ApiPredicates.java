package dev.tandem.launcher.rules;

import com.alibaba.csp.sentinel.adapter.gateway.common.SentinelGatewayConstants;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPathPredicateItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPredicateGroupItem;
import com.alibaba.csp.sentinel.adapter.gateway.common.api.ApiPredicateItem;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The predicate items of an API group, checked where Sentinel checks nothing: it takes any pattern
 * and match strategy and then matches no request.
 */
final class ApiPredicates {

  private ApiPredicates() {}

  /** The first problem among the items, groups searched depth first; empty when there is none. */
  static Optional<String> problem(Collection<ApiPredicateItem> items) {
    return items.stream().map(ApiPredicates::problem).flatMap(Optional::stream).findFirst();
  }

  private static Optional<String> problem(ApiPredicateItem item) {
    if (item instanceof ApiPredicateGroupItem group) {
      return problem(group.getItems());
    }
    ApiPathPredicateItem path = (ApiPathPredicateItem) item;
    if (path.getPattern() == null || path.getPattern().isBlank()) {
      return Optional.of("a predicate item has no pattern");
    }
    int strategy = path.getMatchStrategy();
    if (strategy == SentinelGatewayConstants.URL_MATCH_STRATEGY_REGEX) {
      try {
        Pattern.compile(path.getPattern());
      } catch (PatternSyntaxException e) {
        return Optional.of(
            "pattern \"" + path.getPattern() + "\" is no regular expression: " + e.getMessage());
      }
    } else if (strategy != SentinelGatewayConstants.URL_MATCH_STRATEGY_EXACT
        && strategy != SentinelGatewayConstants.URL_MATCH_STRATEGY_PREFIX) {
      return Optional.of(
          "matchStrategy "
              + strategy
              + " of pattern \""
              + path.getPattern()
              + "\" is none of 0 (exact), 1 (prefix), 2 (regex)");
    }
    return Optional.empty();
  }
}
