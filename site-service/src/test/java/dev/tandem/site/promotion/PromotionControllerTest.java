package dev.tandem.site.promotion;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tandem.promotion.api.AlreadyClaimedException;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.CreatePromotion;
import dev.tandem.promotion.api.LevelTooLowException;
import dev.tandem.promotion.api.OutOfStockException;
import dev.tandem.promotion.api.Promotion;
import dev.tandem.promotion.api.PromotionNotActiveException;
import dev.tandem.promotion.api.PromotionNotFoundException;
import dev.tandem.promotion.api.UnknownMemberException;
import dev.tandem.site.security.SecuredSlice;
import dev.tandem.site.security.TestTokens;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@SecuredSlice
@SecuredSlice.AsAdminByDefault
@WebMvcTest(PromotionController.class)
class PromotionControllerTest {

  static final long PROMOTION_ID = 9_100_000_000_000_000_001L;
  static final long MEMBER_ID = 7_300_000_000_000_000_123L;
  static final Instant STARTS = Instant.parse("2030-01-01T00:00:00Z");
  static final Instant ENDS = Instant.parse("2030-02-01T00:00:00Z");

  static final Promotion SPRING_SALE =
      new Promotion(PROMOTION_ID, "Spring sale", "10% off", "SILVER", 100, 97, STARTS, ENDS);

  static final String SPRING_SALE_JSON =
      """
      {"title": "Spring sale", "description": "10% off", "levelRequired": "SILVER",
       "stock": 100, "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-02-01T00:00:00Z"}
      """;

  @Autowired MockMvc mvc;

  @MockitoBean PromotionClient promotions;

  static MockHttpServletRequestBuilder postJson(String path, String json, Object... variables) {
    return post(path, variables)
        .header("Idempotency-Key", "key-1")
        .contentType(MediaType.APPLICATION_JSON)
        .content(json);
  }

  @Test
  void createsAPromotionPassingTheIdempotencyKeyAndTheCallerOn() throws Exception {
    given(
            promotions.create(
                new CreatePromotion(
                    "key-1", "admin", "Spring sale", "10% off", "SILVER", 100, STARTS, ENDS)))
        .willReturn(SPRING_SALE);

    mvc.perform(postJson("/api/promotions", SPRING_SALE_JSON))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/promotions/" + PROMOTION_ID))
        .andExpect(jsonPath("$.id").value(Long.toString(PROMOTION_ID)))
        .andExpect(jsonPath("$.title").value("Spring sale"))
        .andExpect(jsonPath("$.levelRequired").value("SILVER"))
        .andExpect(jsonPath("$.stock").value(100))
        .andExpect(jsonPath("$.remaining").value(97))
        .andExpect(jsonPath("$.startsAt").value("2030-01-01T00:00:00Z"))
        .andExpect(jsonPath("$.endsAt").value("2030-02-01T00:00:00Z"));
  }

  @Test
  void rejectsAPromotionWithoutIdempotencyKey() throws Exception {
    mvc.perform(
            post("/api/promotions")
                .contentType(MediaType.APPLICATION_JSON)
                .content(SPRING_SALE_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-required"));

    then(promotions).shouldHaveNoInteractions();
  }

  @Test
  void rejectsAnUnknownLevelNamingTheField() throws Exception {
    mvc.perform(postJson("/api/promotions", SPRING_SALE_JSON.replace("\"SILVER\"", "\"PLATINUM\"")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("levelRequired"));
  }

  @Test
  void rejectsAPromotionThatEndsBeforeItStarts() throws Exception {
    mvc.perform(
            postJson(
                "/api/promotions",
                SPRING_SALE_JSON.replace("2030-02-01T00:00:00Z", "2029-12-01T00:00:00Z")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("endsAt must be after startsAt")));
  }

  @Test
  void rejectsADateItCannotReadNamingTheField() throws Exception {
    mvc.perform(
            postJson("/api/promotions", SPRING_SALE_JSON.replace("2030-01-01T00:00:00Z", "soon")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("startsAt"));
  }

  @Test
  void readsAPromotionWithItsRemainingStock() throws Exception {
    given(promotions.get(PROMOTION_ID)).willReturn(SPRING_SALE);

    mvc.perform(get("/api/promotions/{id}", PROMOTION_ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(Long.toString(PROMOTION_ID)))
        .andExpect(jsonPath("$.remaining").value(97));
  }

  @Test
  void answersNotFoundForAnUnknownPromotion() throws Exception {
    given(promotions.get(5)).willThrow(new PromotionNotFoundException(5));

    mvc.perform(get("/api/promotions/5"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/not-found"));
  }

  @Test
  void searchesPromotions() throws Exception {
    given(promotions.search("spring")).willReturn(List.of(SPRING_SALE));

    mvc.perform(get("/api/promotions/search").param("q", "spring"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].id").value(Long.toString(PROMOTION_ID)))
        .andExpect(jsonPath("$.items[0].title").value("Spring sale"));
  }

  @Test
  void rejectsASearchWithoutTextNamingTheParameter() throws Exception {
    mvc.perform(get("/api/promotions/search"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("q"));
  }

  @Test
  void rejectsABlankSearchNamingTheParameter() throws Exception {
    mvc.perform(get("/api/promotions/search").param("q", "  "))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("q"));

    then(promotions).shouldHaveNoInteractions();
  }

  @Test
  void claimsACouponForAMemberGivenAsAStringTheMemberBeingTheCaller() throws Exception {
    given(
            promotions.claim(
                new ClaimCoupon("key-1", Long.toString(MEMBER_ID), PROMOTION_ID, MEMBER_ID)))
        .willReturn(Coupon.claimed(55, PROMOTION_ID, MEMBER_ID));

    mvc.perform(
            postJson(
                    "/api/promotions/{id}/claims",
                    "{\"memberId\": \"" + MEMBER_ID + "\"}",
                    PROMOTION_ID)
                .header("Authorization", TestTokens.member(MEMBER_ID)))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.couponId").value("55"))
        .andExpect(jsonPath("$.promotionId").value(Long.toString(PROMOTION_ID)))
        .andExpect(jsonPath("$.memberId").value(Long.toString(MEMBER_ID)));
  }

  @Test
  void rejectsAClaimWithoutIdempotencyKey() throws Exception {
    mvc.perform(
            post("/api/promotions/{id}/claims", PROMOTION_ID)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"memberId\": \"1\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-required"));

    then(promotions).shouldHaveNoInteractions();
  }

  @Test
  void rejectsAClaimWithoutMemberNamingTheField() throws Exception {
    mvc.perform(postJson("/api/promotions/{id}/claims", "{}", PROMOTION_ID))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("memberId"));
  }

  @Test
  void rejectsAMemberIdThatIsNotANumberNamingTheField() throws Exception {
    mvc.perform(postJson("/api/promotions/{id}/claims", "{\"memberId\": \"ada\"}", PROMOTION_ID))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("memberId"));
  }

  @Test
  void rejectsClaimWhenTheMemberAlreadyHoldsACoupon() throws Exception {
    given(promotions.claim(any())).willThrow(new AlreadyClaimedException(PROMOTION_ID, MEMBER_ID));

    mvc.perform(
            postJson("/api/promotions/{id}/claims", "{\"memberId\": 1}", PROMOTION_ID)
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/already-claimed"));
  }

  @Test
  void rejectsClaimForAMemberWhoDoesNotExist() throws Exception {
    given(promotions.claim(any())).willThrow(new UnknownMemberException(MEMBER_ID));

    mvc.perform(
            postJson("/api/promotions/{id}/claims", "{\"memberId\": 1}", PROMOTION_ID)
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/unknown-member"))
        .andExpect(jsonPath("$.detail").value("no member has id " + MEMBER_ID));
  }

  @Test
  void rejectsClaimOfAMemberBelowThePromotionsLevel() throws Exception {
    given(promotions.claim(any())).willThrow(new LevelTooLowException(PROMOTION_ID, "GOLD"));

    mvc.perform(
            postJson("/api/promotions/{id}/claims", "{\"memberId\": 1}", PROMOTION_ID)
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/level-too-low"));
  }

  @Test
  void rejectsClaimWhenStockIsExhausted() throws Exception {
    given(promotions.claim(any())).willThrow(new OutOfStockException(PROMOTION_ID));

    mvc.perform(
            postJson("/api/promotions/{id}/claims", "{\"memberId\": 1}", PROMOTION_ID)
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/out-of-stock"));
  }

  @Test
  void rejectsClaimOutsideThePromotionsValidity() throws Exception {
    given(promotions.claim(any())).willThrow(new PromotionNotActiveException(PROMOTION_ID));

    mvc.perform(
            postJson("/api/promotions/{id}/claims", "{\"memberId\": 1}", PROMOTION_ID)
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/promotion-not-active"));
  }

  @Test
  void answersNotFoundWhenClaimingFromAnUnknownPromotion() throws Exception {
    given(promotions.claim(any())).willThrow(new PromotionNotFoundException(5));

    mvc.perform(
            postJson("/api/promotions/5/claims", "{\"memberId\": 1}")
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/not-found"));
  }

  @Test
  void refusesAPromotionKeyReusedForADifferentPromotion() throws Exception {
    given(promotions.create(any()))
        .willThrow(new dev.tandem.promotion.api.IdempotencyKeyReusedException("key-1"));

    mvc.perform(postJson("/api/promotions", SPRING_SALE_JSON))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-reused"));
  }

  @Test
  void refusesAnIdempotencyKeyReusedForADifferentClaim() throws Exception {
    given(promotions.claim(any()))
        .willThrow(new dev.tandem.promotion.api.IdempotencyKeyReusedException("key-1"));

    mvc.perform(
            postJson("/api/promotions/{id}/claims", "{\"memberId\": 1}", PROMOTION_ID)
                .header("Authorization", TestTokens.member(1)))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-reused"));
  }
}
