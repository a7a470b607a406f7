package dev.tandem.site.session;

import dev.tandem.platform.security.TokenMinter;

/** The answer to a sign-in: a bearer token and when it expires (ISO-8601). */
record SessionView(String accessToken, String tokenType, String expiresAt) {

  static SessionView of(TokenMinter.Minted token) {
    return new SessionView(token.token(), "Bearer", token.expiresAt().toString());
  }
}
