package dev.tandem.member.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/**
 * Register a member. A replay of {@code idempotencyKey} returns the first result. The password
 * travels only to be hashed: {@link #toString} leaves it out, so no log line can carry it.
 */
public record RegisterMember(
    @NotBlank @Size(max = 100) String idempotencyKey,
    @NotBlank @Size(max = 100) String name,
    @NotBlank @Email @Size(max = 200) String email,
    @NotBlank @Pattern(regexp = "\\+?[0-9 ()-]{6,20}") String phone,
    @NotNull String password)
    implements Serializable {

  @Override
  public String toString() {
    return "RegisterMember[idempotencyKey=" + idempotencyKey + "]";
  }
}
