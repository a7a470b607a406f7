package dev.tandem.gateway.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which shared counters a request is counted in: a claim by member, by address and by promotion; a
 * registration by address. Everything else is not counted here (Sentinel's rules cap it). Plain
 * decisions, no I/O.
 */
final class RiskRules {

  static final String CLAIMS_PER_MEMBER = "claims-per-member";
  static final String CLAIMS_PER_ADDRESS = "claims-per-address";
  static final String CLAIMS_PER_PROMOTION = "claims-per-promotion";
  static final String REGISTRATIONS_PER_ADDRESS = "registrations-per-address";

  private static final String PREFIX = "tandem:risk:";
  private static final PathPattern CLAIM =
      PathPatternParser.defaultInstance.parse("/api/promotions/{id}/claims");
  private static final PathPattern REGISTRATION =
      PathPatternParser.defaultInstance.parse("/api/members");

  /**
   * Ids and keys go into Redis keys: anything longer or odder is not a promotion id (site-service
   * answers 400 or 404) and not a key worth a counter of its own.
   */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final RiskSettings settings;
  private final Set<String> exempt;

  RiskRules(RiskSettings settings) {
    this.settings = settings;
    this.exempt =
        Set.copyOf(settings.exemptAddresses().stream().filter(a -> !a.isBlank()).toList());
  }

  /**
   * @param member the member the request acts as, or null
   * @param idempotencyKey the request's key, or null
   */
  List<Limited> countersFor(
      HttpMethod method, PathContainer path, String address, String member, String idempotencyKey) {
    if (!HttpMethod.POST.equals(method)) {
      return List.of();
    }
    String attempt =
        idempotencyKey != null && TOKEN.matcher(idempotencyKey).matches() ? idempotencyKey : "";
    boolean byAddress = !exempt.contains(address);
    List<Limited> counters = new ArrayList<>(3);
    PathPattern.PathMatchInfo claim = CLAIM.matchAndExtract(path);
    if (claim != null) {
      if (member != null && TOKEN.matcher(member).matches()) {
        counters.add(
            new Limited(
                CLAIMS_PER_MEMBER,
                PREFIX + "claims:member:" + member,
                settings.claimsPerMember(),
                attempt));
      }
      if (byAddress) {
        counters.add(
            new Limited(
                CLAIMS_PER_ADDRESS,
                PREFIX + "claims:address:" + address,
                settings.claimsPerAddress(),
                attempt));
      }
      String promotion = claim.getUriVariables().get("id");
      if (TOKEN.matcher(promotion).matches()) {
        counters.add(
            new Limited(
                CLAIMS_PER_PROMOTION,
                PREFIX + "claims:promotion:" + promotion,
                settings.claimsPerPromotion(),
                ""));
      }
    } else if (REGISTRATION.matches(path) && byAddress) {
      counters.add(
          new Limited(
              REGISTRATIONS_PER_ADDRESS,
              PREFIX + "registrations:address:" + address,
              settings.registrationsPerAddress(),
              attempt));
    }
    return counters;
  }

  /** The detail a refused client reads, per limit. */
  static String detail(String reason) {
    return DETAILS.getOrDefault(reason, "too many requests");
  }

  private static final Map<String, String> DETAILS =
      Map.of(
          CLAIMS_PER_MEMBER, "too many claims by this member; retry after Retry-After seconds",
          CLAIMS_PER_ADDRESS, "too many claims from this address; retry after Retry-After seconds",
          CLAIMS_PER_PROMOTION,
              "this promotion takes no more claims right now; retry after Retry-After seconds",
          REGISTRATIONS_PER_ADDRESS,
              "too many registrations from this address; retry after Retry-After seconds");
}
