package dev.tandem.site.member;

import dev.tandem.member.api.RegisterMember;
import dev.tandem.site.web.IdempotencyKey;

/**
 * {@code POST /api/members}: the body's shape. Its rules are {@link RegisterMember}'s, checked on
 * the command before it is sent. The password never appears in {@link #toString}.
 */
record RegisterMemberRequest(String name, String email, String phone, String password) {

  RegisterMember toCommand(IdempotencyKey key) {
    return new RegisterMember(key.value(), name, email, phone, password);
  }

  @Override
  public String toString() {
    return "RegisterMemberRequest[]";
  }
}
