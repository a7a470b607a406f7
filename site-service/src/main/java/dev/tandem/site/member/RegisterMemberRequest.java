package dev.tandem.site.member;

import dev.tandem.member.api.RegisterMember;
import dev.tandem.site.web.IdempotencyKey;
import dev.tandem.site.web.StorableText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/members}. Same rules as {@link RegisterMember}, checked here to answer 400. The
 * password never appears in {@link #toString}.
 */
@AcceptablePassword
record RegisterMemberRequest(
    @NotBlank @StorableText(max = 100) String name,
    @NotBlank @Email @StorableText(max = 200) String email,
    @NotBlank @Pattern(regexp = "\\+?[0-9 ()-]{6,20}", message = "must be a phone number")
        String phone,
    @NotNull String password) {

  RegisterMember toCommand(IdempotencyKey key) {
    return new RegisterMember(key.value(), name, email, phone, password);
  }

  @Override
  public String toString() {
    return "RegisterMemberRequest[]";
  }
}
