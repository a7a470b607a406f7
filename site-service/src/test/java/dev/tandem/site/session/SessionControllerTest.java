package dev.tandem.site.session;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.SignIn;
import dev.tandem.member.api.SignInRefusedException;
import dev.tandem.site.member.MemberClient;
import dev.tandem.site.security.SecuredSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@SecuredSlice
// HomePage and its settings are the home package's own; the rules are checked before any
// controller.
@WebMvcTest(
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.tandem\\.site\\.home\\..*"))
class SessionControllerTest {

  static final long ADA = 7_300_000_000_000_000_123L;

  @Autowired MockMvc mvc;
  @Autowired ObjectMapper json;

  @MockitoBean MemberClient members;
  @MockitoBean dev.tandem.site.promotion.PromotionClient promotions;

  @Test
  void signsInWithAnAccessTokenThatOpensTheMembersOwnData() throws Exception {
    given(members.signIn(new SignIn("ada@example.com", "correct horse battery"))).willReturn(ADA);
    given(members.get(ADA))
        .willReturn(new Member(ADA, "Ada", "ada@example.com", "+44 1", MemberLevel.BASIC, 0));

    String body =
        mvc.perform(signIn("ada@example.com", "correct horse battery", "10.0.0.1"))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", containsString("no-store")))
            .andExpect(jsonPath("$.tokenType").value("Bearer"))
            .andExpect(jsonPath("$.expiresAt").isString())
            .andReturn()
            .getResponse()
            .getContentAsString();
    JsonNode session = json.readTree(body);

    mvc.perform(
            get("/api/members/{id}", ADA)
                .header("Authorization", "Bearer " + session.path("accessToken").asText()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(Long.toString(ADA)));
  }

  @Test
  void answersTheSame401ForAnyRefusalWithoutRepeatingWhatWasSent() throws Exception {
    given(members.signIn(any())).willThrow(new SignInRefusedException());

    mvc.perform(signIn("nobody@example.com", "secret-guess-1", "10.0.0.2"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-credentials"))
        .andExpect(content().string(not(containsString("nobody"))))
        .andExpect(content().string(not(containsString("secret-guess-1"))));
  }

  @Test
  void throttlesAnAccountAfterRepeatedFailuresWithRetryAfter() throws Exception {
    given(members.signIn(any())).willThrow(new SignInRefusedException());
    for (int attempt = 0; attempt < 3; attempt++) {
      mvc.perform(signIn("grace@example.com", "wrong password " + attempt, "10.0.0." + attempt))
          .andExpect(status().isUnauthorized());
    }

    mvc.perform(signIn("GRACE@example.com", "maybe this one", "10.0.0.9"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/too-many-requests"));
    then(members).should(times(3)).signIn(any());
  }

  @Test
  void refusesASignInWithoutAnEmailNamingTheField() throws Exception {
    mvc.perform(
            post("/api/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"password\": \"x\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("email"));
    then(members).shouldHaveNoInteractions();
  }

  private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder signIn(
      String email, String password, String address) {
    return post("/api/sessions")
        .header("X-Real-IP", address)
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}");
  }
}
