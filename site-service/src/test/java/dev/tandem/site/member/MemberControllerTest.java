package dev.tandem.site.member;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.DuplicateEmailException;
import dev.tandem.member.api.IdempotencyKeyReusedException;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.site.security.SecuredSlice;
import dev.tandem.site.security.TestTokens;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@SecuredSlice
@SecuredSlice.AsAdminByDefault
@WebMvcTest(MemberController.class)
class MemberControllerTest {

  /** Above 2^53: a JSON number would lose the last digits in a browser. */
  static final long ID = 7_300_000_000_000_000_123L;

  static final Member ADA =
      new Member(ID, "Ada", "ada@example.com", "+44 20 7946 0000", MemberLevel.BASIC, 0);

  static final String ADA_JSON =
      """
      {"name": "Ada", "email": "ada@example.com", "phone": "+44 20 7946 0000",
       "password": "correct horse battery"}
      """;

  @Autowired MockMvc mvc;

  @MockitoBean MemberClient members;

  @Test
  void registersAMemberPassingTheIdempotencyKeyOnAndAnswersItsIdAsAString() throws Exception {
    given(
            members.register(
                new RegisterMember(
                    "key-1",
                    "Ada",
                    "ada@example.com",
                    "+44 20 7946 0000",
                    "correct horse battery")))
        .willReturn(ADA);

    mvc.perform(
            post("/api/members")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(ADA_JSON))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/members/" + ID))
        .andExpect(jsonPath("$.id").value(Long.toString(ID)))
        .andExpect(jsonPath("$.name").value("Ada"))
        .andExpect(jsonPath("$.email").value("ada@example.com"))
        .andExpect(jsonPath("$.phone").value("+44 20 7946 0000"))
        .andExpect(jsonPath("$.level").value("BASIC"))
        .andExpect(jsonPath("$.points").value(0));
  }

  @Test
  void rejectsARegistrationWithoutIdempotencyKey() throws Exception {
    mvc.perform(post("/api/members").contentType(MediaType.APPLICATION_JSON).content(ADA_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-required"));

    then(members).shouldHaveNoInteractions();
  }

  @Test
  void rejectsABlankIdempotencyKey() throws Exception {
    mvc.perform(
            post("/api/members")
                .header("Idempotency-Key", " ")
                .contentType(MediaType.APPLICATION_JSON)
                .content(ADA_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-required"));
  }

  @Test
  void rejectsAnInvalidEmailNamingTheField() throws Exception {
    mvc.perform(
            post("/api/members")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"name": "Ada", "email": "not-an-email", "phone": "+44 20 7946 0000",
       "password": "correct horse battery"}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.detail").value(containsString("email")))
        .andExpect(jsonPath("$.errors[0].field").value("email"));

    then(members).shouldHaveNoInteractions();
  }

  @Test
  void rejectsABodyThatIsNotJson() throws Exception {
    mvc.perform(
            post("/api/members")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": "))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"));
  }

  @Test
  void answersConflictWhenTheEmailIsTaken() throws Exception {
    given(members.register(any())).willThrow(new DuplicateEmailException());

    mvc.perform(
            post("/api/members")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(ADA_JSON))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/duplicate-email"));
  }

  @Test
  void refusesAnIdempotencyKeyReusedForADifferentRequest() throws Exception {
    given(members.register(any())).willThrow(new IdempotencyKeyReusedException("key-1"));

    mvc.perform(
            post("/api/members")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(ADA_JSON))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-reused"));
  }

  @Test
  void readsAMember() throws Exception {
    given(members.get(ID)).willReturn(ADA);

    mvc.perform(get("/api/members/{id}", ID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(Long.toString(ID)))
        .andExpect(jsonPath("$.level").value("BASIC"));
  }

  @Test
  void answersNotFoundForAnUnknownMember() throws Exception {
    given(members.get(42)).willThrow(new MemberNotFoundException(42));

    mvc.perform(get("/api/members/42"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/not-found"));
  }

  @Test
  void rejectsAnIdThatIsNotANumberNamingIt() throws Exception {
    mvc.perform(get("/api/members/ada"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("id"));
  }

  @Test
  void addsPointsPassingTheIdempotencyKeyAndTheCallerOn() throws Exception {
    given(members.addPoints(new AddPoints("key-2", "admin", ID, 1_500, "welcome bonus")))
        .willReturn(
            new Member(
                ID, "Ada", "ada@example.com", "+44 20 7946 0000", MemberLevel.SILVER, 1_500));

    mvc.perform(
            post("/api/members/{id}/points", ID)
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": 1500, "reason": "welcome bonus"}
                    """))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.points").value(1_500))
        .andExpect(jsonPath("$.level").value("SILVER"));
  }

  @Test
  void aMemberAddingToTheirOwnPointsIsTheCallerTheirKeyBelongsTo() throws Exception {
    given(members.addPoints(new AddPoints("key-3", Long.toString(ID), ID, 10, "review")))
        .willReturn(ADA);

    mvc.perform(
            post("/api/members/{id}/points", ID)
                .header("Authorization", TestTokens.member(ID))
                .header("Idempotency-Key", "key-3")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": 10, "reason": "review"}
                    """))
        .andExpect(status().isOk());

    then(members).should().addPoints(new AddPoints("key-3", Long.toString(ID), ID, 10, "review"));
  }

  @Test
  void refusesAPointsKeyReusedForADifferentRequest() throws Exception {
    given(members.addPoints(any())).willThrow(new IdempotencyKeyReusedException("key-2"));

    mvc.perform(
            post("/api/members/{id}/points", ID)
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": 10, "reason": "bonus"}
                    """))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-reused"));
  }

  @Test
  void rejectsZeroPointsNamingTheField() throws Exception {
    mvc.perform(
            post("/api/members/{id}/points", ID)
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": 0, "reason": "nothing"}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("points"));
  }

  @Test
  void rejectsPointsThatAreNotANumberNamingTheField() throws Exception {
    mvc.perform(
            post("/api/members/{id}/points", ID)
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": "many", "reason": "nothing"}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("points"));
  }

  @Test
  void rejectsAddingPointsWithoutIdempotencyKey() throws Exception {
    mvc.perform(
            post("/api/members/{id}/points", ID)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": 10, "reason": "bonus"}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.type").value("https://tandem.dev/problems/idempotency-key-required"));
  }

  @Test
  void answersNotFoundWhenAddingPointsToAnUnknownMember() throws Exception {
    given(members.addPoints(any())).willThrow(new MemberNotFoundException(42));

    mvc.perform(
            post("/api/members/42/points")
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"points": 10, "reason": "bonus"}
                    """))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/not-found"));
  }

  @Test
  void answersServiceUnavailableWhenNoProviderAnswers() throws Exception {
    given(members.get(ID)).willThrow(new RpcException(RpcException.NETWORK_EXCEPTION, "refused"));

    mvc.perform(get("/api/members/{id}", ID))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/service-unavailable"));
  }

  @Test
  void answersGatewayTimeoutWhenTheProviderIsTooSlow() throws Exception {
    given(members.get(ID)).willThrow(new RpcException(RpcException.TIMEOUT_EXCEPTION, "slow"));

    mvc.perform(get("/api/members/{id}", ID))
        .andExpect(status().isGatewayTimeout())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/gateway-timeout"));
  }

  @Test
  void hidesUnexpectedFailuresBehindAnInternalErrorWithoutStackTrace() throws Exception {
    given(members.get(ID)).willThrow(new IllegalStateException("pool exhausted at db-7"));

    mvc.perform(get("/api/members/{id}", ID))
        .andExpect(status().isInternalServerError())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/internal-error"))
        .andExpect(content().string(not(containsString("db-7"))))
        .andExpect(content().string(not(containsString("IllegalStateException"))));
  }

  @Test
  void answersAnUnknownPathWithANotFoundProblem() throws Exception {
    mvc.perform(get("/api/nothing-here"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/not-found"));
  }

  @Test
  void answersAnUnsupportedMethodWithAProblem() throws Exception {
    mvc.perform(post("/api/members/{id}", ID))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(jsonPath("$.type").value("https://tandem.dev/problems/method-not-allowed"));
  }
}
