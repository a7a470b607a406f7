package dev.tandem.site.session;

import dev.tandem.site.web.StorableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/sessions}. The password is not checked against the policy here: a refusal must
 * not tell which passwords could exist, only that this one does not match.
 */
record SignInRequest(
    @NotBlank @StorableText(max = 200) String email, @NotNull @Size(max = 200) String password) {

  @Override
  public String toString() {
    return "SignInRequest[]";
  }
}
