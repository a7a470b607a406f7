package dev.tandem.member.api;

import jakarta.validation.constraints.NotNull;
import java.io.Serializable;

/** Check a member's email and password. {@link #toString} shows neither. */
public record SignIn(@NotNull String email, @NotNull String password) implements Serializable {

  @Override
  public String toString() {
    return "SignIn[]";
  }
}
