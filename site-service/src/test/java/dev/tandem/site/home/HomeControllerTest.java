package dev.tandem.site.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.platform.deadline.Deadline;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.site.member.MemberClient;
import dev.tandem.site.promotion.PromotionClient;
import dev.tandem.site.security.SecuredSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@SecuredSlice
@SecuredSlice.AsAdminByDefault
@WebMvcTest(HomeController.class)
@Import({HomePage.class, HomeConfiguration.class})
@TestPropertySource(
    properties = "tandem.home.section-budget=" + HomeControllerTest.BUDGET_MS + "ms")
class HomeControllerTest {

  static final long BUDGET_MS = 1_000;
  static final long ID = 7_300_000_000_000_000_123L;

  static final Member ADA =
      new Member(ID, "Ada", "ada@example.com", "+44 20 7946 0000", MemberLevel.SILVER, 1_200);
  static final Promotion SPRING_SALE =
      new Promotion(
          91,
          "Spring sale",
          "10% off",
          "SILVER",
          100,
          97,
          Instant.parse("2030-01-01T00:00:00Z"),
          Instant.parse("2030-02-01T00:00:00Z"));
  static final Coupon WELCOME = Coupon.welcome(5, ID);

  @Autowired MockMvc mvc;

  @MockitoBean MemberClient members;
  @MockitoBean PromotionClient promotions;

  /** Holds back a "slow" dependency until the test is over, so its virtual thread ends. */
  final CountDownLatch slowDependency = new CountDownLatch(1);

  @AfterEach
  void releaseSlowDependency() {
    slowDependency.countDown();
  }

  @Test
  void showsProfilePromotionsAndCouponsWhenEveryDependencyAnswers() throws Exception {
    given(members.get(ID)).willReturn(ADA);
    given(promotions.eligibleFor(ID)).willReturn(List.of(SPRING_SALE));
    given(promotions.couponsOf(ID)).willReturn(List.of(WELCOME));

    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.member.id").value(Long.toString(ID)))
        .andExpect(jsonPath("$.member.level").value("SILVER"))
        .andExpect(jsonPath("$.promotions[0].id").value("91"))
        .andExpect(jsonPath("$.coupons[0].couponId").value("5"))
        .andExpect(jsonPath("$.coupons[0].kind").value("welcome"))
        .andExpect(jsonPath("$.degraded").isEmpty());
  }

  @Test
  void timesEachDependencyCallInServerTiming() throws Exception {
    given(members.get(ID)).willReturn(ADA);
    given(promotions.eligibleFor(ID)).willReturn(List.of(SPRING_SALE));
    given(promotions.couponsOf(ID)).willReturn(List.of(WELCOME));

    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isOk())
        .andExpect(
            header()
                .string(
                    "Server-Timing",
                    org.hamcrest.Matchers.matchesPattern(
                        "coupons;dur=[0-9.]+, member;dur=[0-9.]+, promotions;dur=[0-9.]+,"
                            + " total;dur=[0-9.]+")));
  }

  @Test
  void marksPromotionsDegradedWhenPromotionServiceFails() throws Exception {
    given(members.get(ID)).willReturn(ADA);
    given(promotions.eligibleFor(ID))
        .willThrow(new RpcException(RpcException.NETWORK_EXCEPTION, "no provider"));
    given(promotions.couponsOf(ID)).willReturn(List.of(WELCOME));

    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.member.name").value("Ada"))
        .andExpect(jsonPath("$.promotions").isEmpty())
        .andExpect(jsonPath("$.coupons[0].kind").value("welcome"))
        .andExpect(jsonPath("$.degraded", contains("promotions")));
  }

  @Test
  void answersWithinTheBudgetMarkingASlowSectionDegraded() throws Exception {
    given(members.get(ID)).willReturn(ADA);
    given(promotions.eligibleFor(ID)).willReturn(List.of(SPRING_SALE));
    given(promotions.couponsOf(ID))
        .willAnswer(
            call -> {
              slowDependency.await();
              return List.of(WELCOME);
            });

    long started = System.nanoTime();
    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.member.name").value("Ada"))
        .andExpect(jsonPath("$.promotions[0].id").value("91"))
        .andExpect(jsonPath("$.coupons").isEmpty())
        .andExpect(jsonPath("$.degraded", contains("coupons")));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // The coupons call never returns while the page is built: only the budget can have ended it.
    assertThat(slowDependency.getCount()).isEqualTo(1);
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(BUDGET_MS))
        .isLessThan(Duration.ofMillis(BUDGET_MS + 2_000));
  }

  @Test
  void refusesAtOnceARequestWhoseDeadlineHasPassed() throws Exception {
    mvc.perform(get("/api/members/{id}/home", ID).header(Deadline.HEADER, "0"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/service-unavailable"));

    then(members).shouldHaveNoInteractions();
    then(promotions).shouldHaveNoInteractions();
  }

  @Test
  void refusesADeadlineThatIsNoNumberOfMilliseconds() throws Exception {
    for (String bad : List.of("-5", "1.5", "soon", "", "99999999999")) {
      mvc.perform(get("/api/members/{id}/home", ID).header(Deadline.HEADER, bad))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
          .andExpect(jsonPath("$.detail", containsString(Deadline.HEADER)));
    }
    then(members).shouldHaveNoInteractions();
  }

  @Test
  void waitsNoLongerThanTheDeadlineWhenItIsNearerThanTheBudget() throws Exception {
    long deadlineMs = BUDGET_MS / 10;
    given(members.get(ID)).willReturn(ADA);
    given(promotions.eligibleFor(ID)).willReturn(List.of(SPRING_SALE));
    given(promotions.couponsOf(ID))
        .willAnswer(
            call -> {
              slowDependency.await();
              return List.of(WELCOME);
            });

    long started = System.nanoTime();
    mvc.perform(
            get("/api/members/{id}/home", ID).header(Deadline.HEADER, Long.toString(deadlineMs)))
        .andExpect(status().isOk())
        // on a busy machine the quick sections may miss 100 ms too; the slow one always does
        .andExpect(jsonPath("$.degraded", hasItem("coupons")));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(slowDependency.getCount()).isEqualTo(1);
    assertThat(took).isLessThan(Duration.ofMillis(BUDGET_MS));
  }

  @Test
  void givesEachSectionTheRequestsDeadline() throws Exception {
    List<Long> seen = new CopyOnWriteArrayList<>();
    given(members.get(ID)).willAnswer(call -> remember(seen, ADA));
    given(promotions.eligibleFor(ID)).willAnswer(call -> remember(seen, List.of(SPRING_SALE)));
    given(promotions.couponsOf(ID)).willAnswer(call -> remember(seen, List.of(WELCOME)));

    mvc.perform(get("/api/members/{id}/home", ID).header(Deadline.HEADER, "5000"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.degraded").isEmpty());

    // Each section's thread sees the deadline the gateway sent, not none and not the default.
    assertThat(seen).hasSize(3).allSatisfy(left -> assertThat(left).isBetween(1L, 5000L));
  }

  private static <T> T remember(List<Long> seen, T result) {
    seen.add(Deadline.current().map(Deadline::remainingMillis).orElse(-1L));
    return result;
  }

  @Test
  void fetchesTheSectionsInParallel() throws Exception {
    // Each section waits for the other two to have started: sequential fetching would never finish
    // within the budget, and the page would come back with all three sections degraded.
    CountDownLatch allStarted = new CountDownLatch(3);
    given(members.get(ID)).willAnswer(call -> meet(allStarted, ADA));
    given(promotions.eligibleFor(ID)).willAnswer(call -> meet(allStarted, List.of(SPRING_SALE)));
    given(promotions.couponsOf(ID)).willAnswer(call -> meet(allStarted, List.of(WELCOME)));

    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.degraded").isEmpty());
  }

  @Test
  void keepsThePageWhenTheProfileIsUnavailable() throws Exception {
    given(members.get(ID)).willThrow(new RpcException(RpcException.TIMEOUT_EXCEPTION, "slow"));
    given(promotions.eligibleFor(ID)).willReturn(List.of(SPRING_SALE));
    given(promotions.couponsOf(ID)).willReturn(List.of(WELCOME));

    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.member").isEmpty())
        .andExpect(jsonPath("$.promotions[0].id").value("91"))
        .andExpect(jsonPath("$.degraded", contains("member")));
  }

  @Test
  void answersNotFoundForAnUnknownMemberWhateverTheOtherSectionsSay() throws Exception {
    given(members.get(ID)).willThrow(new MemberNotFoundException(ID));
    given(promotions.eligibleFor(ID)).willReturn(List.of());
    given(promotions.couponsOf(ID)).willReturn(List.of());

    mvc.perform(get("/api/members/{id}/home", ID))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/not-found"));
  }

  private static <T> T meet(CountDownLatch allStarted, T result) throws InterruptedException {
    allStarted.countDown();
    allStarted.await();
    return result;
  }
}
