package dev.tandem.platform.contract;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.RegisterMember;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.validation.Validator;
import org.junit.jupiter.api.Test;

class ContractValidationTest {

  final Validator validator =
      new ContractValidation().getValidator(URL.valueOf("dubbo://10.247.0.91:20880/x"));

  static final Class<?>[] REGISTER = {RegisterMember.class};

  static RegisterMember registration(String name, String email, String password) {
    return new RegisterMember("key-1", name, email, "+49 30 1234567", password);
  }

  @Test
  void aValidCommandPasses() {
    assertThatCode(
            () ->
                validator.validate(
                    "register",
                    REGISTER,
                    new Object[] {registration("Ada", "ada@example.com", "correct-horse-9")}))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesWithEachFieldAndWhatIsWrongInAMessageThatSerializes() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    "register",
                    REGISTER,
                    new Object[] {registration("", "not-an-email", "correct-horse-9")}))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email must be a well-formed email address")
        .hasMessageContaining("name must not be blank");
  }

  @Test
  void theWholeCommandConstraintsApplyTooLikeThePasswordPolicy() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    "register",
                    REGISTER,
                    new Object[] {
                      registration("Katherine Johnson", "kj@example.com", "johnson-2026!")
                    }))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("password must not contain your name");
  }

  @Test
  void textAColumnCannotStoreIsRefused() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    "addPoints",
                    new Class<?>[] {AddPoints.class},
                    new Object[] {new AddPoints("key-2", "admin", 42L, 10, "line\u0000break")}))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reason must be at most 200 characters");
  }

  @Test
  void aMissingCommandIsRefusedAndOtherArgumentsPass() {
    assertThatThrownBy(() -> validator.validate("register", REGISTER, new Object[] {null}))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("RegisterMember is required");
    assertThatCode(
            () ->
                validator.validate(
                    "get", new Class<?>[] {long.class, boolean.class}, new Object[] {42L, true}))
        .doesNotThrowAnyException();
  }
}
