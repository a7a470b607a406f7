package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flash-sale's budget read from attempts made by hand (times in ns from the sale's start). */
class FlashSaleTest {

  private static final long MS = 1_000_000L;
  private static final FlashSale.Coupons SOLD_OUT = new FlashSale.Coupons(100, 0, 0);

  private static FlashSale.Attempt answered(long sentMs, long latencyMs, int member, int status) {
    boolean shed = status == 429;
    return new FlashSale.Attempt(
        sentMs * MS,
        (sentMs + latencyMs) * MS,
        String.valueOf(1_000 + member),
        status,
        shed ? "1" : null,
        status == 201 ? "application/json" : Load.PROBLEM_JSON,
        shed
            ? FlashSale.TOO_MANY_REQUESTS
            : status == 201 ? null : "https://tandem.dev/problems/conflict",
        status == 201 ? String.valueOf(90_000 + member) : null,
        status == 201 ? null : status + " problem");
  }

  /**
   * The sale as it should go: 1200 claims over 20 s from 400 members; the first 100 get a coupon
   * within 300 ms, then every other one is shed and the rest hear "sold out".
   */
  private static List<FlashSale.Attempt> sale(int status201LatencyMs) {
    List<FlashSale.Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      long sent = i * 20_000L / 1_200;
      int status = i < 100 ? 201 : i % 2 == 0 ? 429 : 409;
      attempts.add(answered(sent, status == 201 ? status201LatencyMs : 40, i % 400, status));
    }
    return attempts;
  }

  @Test
  void aSaleThatSellsTheStockOnceAndShedsTheRestKeepsTheBudget() {
    Verdict verdict = FlashSale.judge(sale(300), 0, SOLD_OUT);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.figures())
        .containsEntry("attempts", 1_200)
        .containsEntry("members", 400)
        .containsEntry("admitted", 100)
        .containsEntry("shed_share", 0.4583)
        .containsEntry("answers", Map.of("201", 100, "409", 550, "429", 550));
    // 100 coupons between the first claim and the last coupon's answer, 1.95 s later
    assertThat(verdict.figures().get("admitted_per_s")).isEqualTo(51.3);
    assertThat(verdict.figures().get("admitted_latency_ms"))
        .isEqualTo(Map.of("p50", 300L, "p90", 300L, "p99", 300L, "max", 300L));
  }

  @Test
  void aServerErrorIsNeverTheAnswerToTheExcess() {
    List<FlashSale.Attempt> attempts = new ArrayList<>(sale(300));
    attempts.set(500, answered(3_000, 2_000, 500, 503));
    attempts.set(501, answered(3_010, 5_000, 501, 0));

    assertThat(FlashSale.judge(attempts, 0, SOLD_OUT).violations())
        .containsExactly(
            "1 claims got 503; the excess must get 429 or 409",
            "1 claims got no answer; the excess must get 429 or 409");
  }

  @Test
  void a429MustSayWhenToComeBackAndBeTheContractsProblem() {
    List<FlashSale.Attempt> attempts = new ArrayList<>(sale(300));
    FlashSale.Attempt shed = attempts.get(400);
    attempts.set(
        400,
        new FlashSale.Attempt(
            shed.sentNanos(),
            shed.endedNanos(),
            shed.memberId(),
            429,
            null,
            Load.PROBLEM_JSON,
            FlashSale.TOO_MANY_REQUESTS,
            null,
            "429"));
    attempts.set(
        402,
        new FlashSale.Attempt(
            shed.sentNanos(),
            shed.endedNanos(),
            shed.memberId(),
            429,
            "1",
            "text/html",
            null,
            null,
            "429"));

    assertThat(FlashSale.judge(attempts, 0, SOLD_OUT).violations())
        .containsExactly(
            "2 claims got 429 without Retry-After or the contract's problem; the excess must get"
                + " 429 or 409");
  }

  @Test
  void slowAdmittedClaimsBreakTheBudget() {
    assertThat(FlashSale.judge(sale(3_200), 0, SOLD_OUT).violations())
        .containsExactly("p99 of admitted claims was 3200 ms, budget 3000 ms");
  }

  @Test
  void theStockIsSoldExactlyOnceAndOnlyOncePerMember() {
    assertThat(FlashSale.judge(sale(300), 0, new FlashSale.Coupons(101, 1, 0)).violations())
        .containsExactly(
            "the sale's promotion has 101 coupons, exactly 100 due",
            "1 members have more than one of the sale's coupons");
    assertThat(FlashSale.judge(sale(300), 0, new FlashSale.Coupons(75, 0, 25)).violations())
        .containsExactly("the sale's promotion has 75 coupons, exactly 100 due");
  }

  @Test
  void aSaleTooSmallOrTooSlowIsNotTheSaleTheIssueAsks() {
    List<FlashSale.Attempt> attempts = new ArrayList<>(sale(300).subList(0, 800));
    attempts.add(answered(23_000, 40, 399, 409)); // the schedule slipped by 3 s

    assertThat(FlashSale.judge(attempts, 0, SOLD_OUT).violations())
        .containsExactly(
            "the sale sent 801 claims from 400 members, at least 1200 from 400 needed",
            "the claims went out over 23000 ms, not within 20000 ms: the drill could not keep"
                + " its schedule");
  }

  @Test
  void homePagesDuringTheSaleMayBeAtMostOnePercentIncomplete() {
    Timeline timeline = new Timeline();
    for (long t = 0; t < 20_000; t += 100) {
      timeline.record(t + 80, Load.HOME, t % 5_000 != 0, "degraded", 80, 200);
    }
    timeline.record(25_080, Load.HOME, false, "degraded", 80, 200); // after the sale
    Map<String, Object> figures = new LinkedHashMap<>();

    // 4 of 200 pages (at 0, 5, 10 and 15 s) were incomplete
    assertThat(FlashSale.homePages(timeline, 21_000, figures))
        .containsExactly("4 of 200 home pages during the sale were failed or degraded, budget 1 %");
    assertThat(figures.get("home_pages_during_sale"))
        .isEqualTo(Map.of("complete", 196L, "incomplete", 4L));
  }

  @Test
  void anInstanceWithAnotherPidRestartedOneWithoutDied() {
    assertThat(
            FlashSale.restarts(
                Map.of("gateway-1", 100, "gateway-2", 200, "site-1", 300),
                Map.of("gateway-1", 100, "gateway-2", 201)))
        .containsExactlyInAnyOrder(
            "gateway-2 restarted during the sale: pid 200, now 201",
            "site-1 (pid 300) is not running after the sale");
  }
}
