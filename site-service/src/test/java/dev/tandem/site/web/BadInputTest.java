package dev.tandem.site.web;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tandem.site.member.MemberClient;
import dev.tandem.site.promotion.PromotionClient;
import dev.tandem.site.security.SecuredSlice;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Input that used to reach a provider, resolve to another resource or fail as a 5xx: each is a 400
 * problem naming the field, and no provider is called.
 */
// HomePage is the home package's own: leave its controller out, ids there are read the same way.
@SecuredSlice
@SecuredSlice.AsAdminByDefault
@WebMvcTest(
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.tandem\\.site\\.home\\..*"))
class BadInputTest {

  @Autowired MockMvc mvc;

  @MockitoBean MemberClient members;

  @MockitoBean PromotionClient promotions;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-1",
        "0x1F",
        "%231F",
        "+5",
        "%205",
        "5%20",
        "%EF%BC%95",
        "007",
        "1.0",
        "1e3",
        "9223372036854775808",
        "99999999999999999999"
      })
  void anIdThatIsNotAPositiveDecimalNumberIsRefused(String id) throws Exception {
    expectInvalid(mvc.perform(get(URI.create("/api/members/" + id))), "id");
    expectInvalid(mvc.perform(get(URI.create("/api/promotions/" + id))), "id");
    expectInvalid(mvc.perform(get(URI.create("/api/members/" + id + "/coupons"))), "id");
    then(members).shouldHaveNoInteractions();
    then(promotions).shouldHaveNoInteractions();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"points\": 1.5, \"reason\": \"x\"}|points",
        "{\"points\": 2.0, \"reason\": \"x\"}|points",
        "{\"points\": 1, \"points\": 1000000, \"reason\": \"x\"}|points",
        "{\"points\": 1, \"reason\": \"a\\u0000b\"}|reason",
        "{\"points\": 1, \"reason\": \"a\\u001bb\"}|reason",
        "{\"points\": 1, \"reason\": \"\\ud800\"}|reason",
      })
  void pointsMustBeAWholeNumberOnceWithPlainText(String body, String field) throws Exception {
    expectInvalid(write("/api/members/5/points", body), field);
    then(members).shouldHaveNoInteractions();
  }

  /**
   * 64 dotted capital I (the most a local part may have) and a domain of 75: 140 characters as
   * sent, 204 once lower-cased for storage, where the column holds 200.
   */
  static final String GROWS_PAST_ITS_COLUMN =
      "İ".repeat(64) + "@" + "a".repeat(63) + ".example.org";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Ada|GROWS|email",
        "A\\u0000da|ada@example.org|name",
        "A\\u202Eda\\nLovelace|ada@example.org|name",
      })
  void aRegistrationMustFitItsColumnsAsStoredAndHoldNoControlCharacters(
      String name, String email, String field) throws Exception {
    String sent = email.equals("GROWS") ? GROWS_PAST_ITS_COLUMN : email;
    expectInvalid(
        write(
            "/api/members",
            "{\"name\": \""
                + name
                + "\", \"email\": \""
                + sent
                + "\", \"phone\": \"+44 20 7946 0000\"}"),
        field);
    then(members).shouldHaveNoInteractions();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "+10000-01-01T00:00:00Z|2026-01-01T00:00:00Z|startsAt",
        "2026-01-01T00:00:00Z|+275760-09-13T00:00:00Z|endsAt",
        "0999-12-31T00:00:00Z|2026-01-01T00:00:00Z|startsAt",
        "-0001-01-01T00:00:00Z|2026-01-01T00:00:00Z|startsAt",
      })
  void aPromotionsDatesMustBeOnesMySqlStores(String startsAt, String endsAt, String field)
      throws Exception {
    String body =
        """
        {"title": "t", "description": "d", "levelRequired": "BASIC", "stock": 1,
         "startsAt": "%s", "endsAt": "%s"}
        """
            .formatted(startsAt, endsAt);
    expectInvalid(write("/api/promotions", body), field);
    then(promotions).shouldHaveNoInteractions();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"memberId\": 1.5}", "{\"memberId\": 5, \"memberId\": 6}"})
  void aClaimNamesOneWholeMember(String body) throws Exception {
    expectInvalid(write("/api/promotions/5/claims", body), "memberId");
    then(promotions).shouldHaveNoInteractions();
  }

  private ResultActions write(String path, String body) throws Exception {
    return mvc.perform(
        post(path)
            .header("Idempotency-Key", "key-1")
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private static void expectInvalid(ResultActions result, String field) throws Exception {
    result
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.detail").value(containsString(field)));
  }
}
