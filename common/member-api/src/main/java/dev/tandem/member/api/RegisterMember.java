package dev.tandem.member.api;

import dev.tandem.constraints.StorableText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.Serializable;

/**
 * Register a member. The registrant has no token yet, so the key is scoped by the normalised email:
 * a replay of {@code idempotencyKey} with the same email, name and phone returns the first result,
 * the same key with the same email and another name or phone is refused ({@link
 * IdempotencyKeyReusedException}). The password takes no part in that comparison. It travels only
 * to be hashed: {@link #toString} leaves it out, so no log line can carry it.
 */
@AcceptablePassword
public record RegisterMember(
    @NotBlank @Size(max = 100) String idempotencyKey,
    @NotBlank @StorableText(max = 100) String name,
    @NotBlank @Email @StorableText(max = 200) String email,
    @NotBlank @Pattern(regexp = "\\+?[0-9 ()-]{6,20}", message = "must be a phone number")
        String phone,
    @NotNull String password)
    implements Serializable {

  @Override
  public String toString() {
    return "RegisterMember[idempotencyKey=" + idempotencyKey + "]";
  }
}
