package dev.tandem.site.session;

import dev.tandem.member.api.SignIn;

/**
 * {@code POST /api/sessions}: the body's shape. Its rules are {@link SignIn}'s, checked on the
 * command before it is sent.
 */
record SignInRequest(String email, String password) {

  @Override
  public String toString() {
    return "SignInRequest[]";
  }
}
