package dev.tandem.gateway.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.gateway.risk.RiskSettings.Limit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class RiskRulesTest {

  static final Limit PER_MEMBER = new Limit(20, Duration.ofSeconds(10));
  static final Limit PER_ADDRESS = new Limit(300, Duration.ofSeconds(10));
  static final Limit PER_PROMOTION = new Limit(100, Duration.ofSeconds(1));
  static final Limit SIGN_UPS = new Limit(20, Duration.ofHours(1));

  final RiskRules rules =
      new RiskRules(
          new RiskSettings(
              null,
              PER_MEMBER,
              PER_ADDRESS,
              PER_PROMOTION,
              SIGN_UPS,
              List.of("10.248.14.1", ""),
              "/tandem/risk/blocked",
              1));

  @Test
  void aClaimCountsForItsMemberItsAddressAndItsPromotion() {
    assertThat(claim("/api/promotions/77/claims", "192.0.2.5", "123", "key-1"))
        .containsExactly(
            new Limited(
                RiskRules.CLAIMS_PER_MEMBER, "tandem:risk:claims:member:123", PER_MEMBER, "key-1"),
            new Limited(
                RiskRules.CLAIMS_PER_ADDRESS,
                "tandem:risk:claims:address:192.0.2.5",
                PER_ADDRESS,
                "key-1"),
            // every request to a promotion counts, retries too: this limit protects the service
            new Limited(
                RiskRules.CLAIMS_PER_PROMOTION,
                "tandem:risk:claims:promotion:77",
                PER_PROMOTION,
                ""));
  }

  @Test
  void anExemptAddressIsSparedTheAddressLimitsOnly() {
    assertThat(claim("/api/promotions/77/claims", "10.248.14.1", "123", "key-1"))
        .extracting(Limited::reason)
        .containsExactly(RiskRules.CLAIMS_PER_MEMBER, RiskRules.CLAIMS_PER_PROMOTION);
    assertThat(claim("/api/members", "10.248.14.1", null, "key-2")).isEmpty();
  }

  @Test
  void aRegistrationCountsForItsAddressOncePerIdempotencyKey() {
    assertThat(claim("/api/members", "192.0.2.5", null, "key-2"))
        .containsExactly(
            new Limited(
                RiskRules.REGISTRATIONS_PER_ADDRESS,
                "tandem:risk:registrations:address:192.0.2.5",
                SIGN_UPS,
                "key-2"));
  }

  @Test
  void readsAndOtherWritesAreNotCounted() {
    assertThat(
            rules.countersFor(
                HttpMethod.GET,
                PathContainer.parsePath("/api/promotions/77/claims"),
                "192.0.2.5",
                "123",
                null))
        .isEmpty();
    assertThat(claim("/api/members/123/points", "192.0.2.5", "123", "key-3")).isEmpty();
  }

  @Test
  void oddIdsAndKeysMakeNoCountersOfTheirOwn() {
    String longKey = "k".repeat(200);
    assertThat(claim("/api/promotions/77/claims", "192.0.2.5", "123", longKey))
        .extracting(Limited::attempt)
        .containsOnly("");
    assertThat(claim("/api/promotions/" + "9".repeat(200) + "/claims", "192.0.2.5", null, "k"))
        .extracting(Limited::reason)
        .containsExactly(RiskRules.CLAIMS_PER_ADDRESS);
  }

  private List<Limited> claim(String path, String address, String member, String key) {
    return rules.countersFor(HttpMethod.POST, PathContainer.parsePath(path), address, member, key);
  }
}
