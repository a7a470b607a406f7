package dev.tandem.site.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.site.member.MemberClient;
import dev.tandem.site.promotion.PromotionClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Who may call what, through the real filter chain and decoder with real signed tokens. */
@SecuredSlice
// HomePage and its settings are the home package's own; the rules are checked before any
// controller.
@WebMvcTest(
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.tandem\\.site\\.home\\..*"))
class SecurityRulesTest {

  static final long ADA = 7_300_000_000_000_000_123L;
  static final long GRACE = 7_300_000_000_000_000_456L;

  @Autowired MockMvc mvc;

  @MockitoBean MemberClient members;
  @MockitoBean PromotionClient promotions;

  @Test
  void refusesAMemberReadWithoutATokenWithAProblemAndABearerChallenge() throws Exception {
    mvc.perform(get("/api/members/{id}", ADA))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/unauthorized"));
    then(members).shouldHaveNoInteractions();
  }

  @Test
  void refusesMalformedExpiredAndForeignAudienceTokens() throws Exception {
    for (String authorization :
        new String[] {
          "Bearer not.a.token",
          TestTokens.expiredMember(ADA),
          TestTokens.memberForAnotherAudience(ADA),
          TestTokens.member(ADA).substring(0, TestTokens.member(ADA).length() - 4) + "AAAA"
        }) {
      mvc.perform(get("/api/members/{id}", ADA).header("Authorization", authorization))
          .andExpect(status().isUnauthorized())
          .andExpect(header().string("WWW-Authenticate", containsString("invalid_token")))
          .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/unauthorized"))
          .andExpect(content().string(not(containsString(authorization.substring(7)))));
    }
    then(members).shouldHaveNoInteractions();
  }

  @Test
  void letsAMemberReadThemselvesButNotAnotherMember() throws Exception {
    given(members.get(ADA))
        .willReturn(new Member(ADA, "Ada", "ada@example.com", "+44 1", MemberLevel.BASIC, 0));

    mvc.perform(get("/api/members/{id}", ADA).header("Authorization", TestTokens.member(ADA)))
        .andExpect(status().isOk());
    mvc.perform(
            get("/api/members/{id}/home", GRACE).header("Authorization", TestTokens.member(ADA)))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/forbidden"));
    mvc.perform(
            json(post("/api/members/{id}/points", GRACE), "{\"points\": 5, \"reason\": \"x\"}")
                .header("Authorization", TestTokens.member(ADA)))
        .andExpect(status().isForbidden());
  }

  @Test
  void onlyAnAdminCreatesPromotions() throws Exception {
    mvc.perform(json(post("/api/promotions"), "{}").header("Authorization", TestTokens.member(ADA)))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/forbidden"));
    mvc.perform(json(post("/api/promotions"), "{}").header("Authorization", TestTokens.admin()))
        .andExpect(status().isBadRequest()); // past security: the empty body is what is wrong
    then(promotions).shouldHaveNoInteractions();
  }

  @Test
  void aClaimIsForTheTokensOwnMemberOnly() throws Exception {
    given(promotions.claim(new ClaimCoupon("key-1", Long.toString(ADA), 5, ADA)))
        .willReturn(Coupon.claimed(55, 5, ADA));

    mvc.perform(
            json(post("/api/promotions/5/claims"), "{\"memberId\": \"" + GRACE + "\"}")
                .header("Authorization", TestTokens.member(ADA)))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/forbidden"));
    mvc.perform(
            json(post("/api/promotions/5/claims"), "{\"memberId\": \"" + ADA + "\"}")
                .header("Authorization", TestTokens.admin()))
        .andExpect(status().isForbidden());
    mvc.perform(
            json(post("/api/promotions/5/claims"), "{\"memberId\": \"" + ADA + "\"}")
                .header("Authorization", TestTokens.member(ADA)))
        .andExpect(status().isCreated());
  }

  @Test
  void publishesThePublicKeysWithoutAToken() throws Exception {
    mvc.perform(get("/.well-known/jwks.json"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.keys[0].kty").value("EC"))
        .andExpect(jsonPath("$.keys[0].kid").isString())
        .andExpect(jsonPath("$.keys[0].d").doesNotExist());
  }

  @Test
  void promotionReadsNeedNoToken() throws Exception {
    mvc.perform(get("/api/promotions/search").param("q", "x")).andExpect(status().isOk());
  }

  private static MockHttpServletRequestBuilder json(
      MockHttpServletRequestBuilder request, String body) {
    return request
        .header("Idempotency-Key", "key-1")
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }
}
