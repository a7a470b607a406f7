package dev.tandem.member.api;

import dev.tandem.constraints.StorableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/**
 * Check a member's email and password. {@link #toString} shows neither. The password is not held to
 * {@link PasswordPolicy} here: a refusal must not tell which passwords could exist, only that this
 * one does not match.
 */
public record SignIn(
    @NotBlank @StorableText(max = 200) String email, @NotNull @Size(max = 200) String password)
    implements Serializable {

  @Override
  public String toString() {
    return "SignIn[]";
  }
}
