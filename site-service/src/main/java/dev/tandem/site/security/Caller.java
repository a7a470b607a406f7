package dev.tandem.site.security;

import dev.tandem.platform.security.TokenMinter;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who sent the request: the subject of a verified token, and whether it is an admin's. */
public record Caller(String subject, boolean admin) {

  static final String ADMIN_AUTHORITY = "SCOPE_" + TokenMinter.ADMIN_SCOPE;

  static Optional<Caller> of(Authentication authentication) {
    if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
      return Optional.empty();
    }
    boolean admin =
        token.getAuthorities().stream().anyMatch(a -> ADMIN_AUTHORITY.equals(a.getAuthority()));
    return Optional.of(new Caller(token.getName(), admin));
  }

  /** The caller of the current request; only for requests the filter chain authenticated. */
  public static Caller current() {
    return of(SecurityContextHolder.getContext().getAuthentication())
        .orElseThrow(() -> new AccessDeniedException("no verified token"));
  }

  /** An admin acts for anyone; a member only for themselves. */
  public boolean mayActFor(String memberId) {
    return admin || subject.equals(memberId);
  }

  /**
   * A claim is made by the member themselves, admins included: their subject is not a member id.
   *
   * @throws AccessDeniedException (403) when the caller is not that member
   */
  public void requireIs(String memberId) {
    if (!subject.equals(memberId)) {
      throw new AccessDeniedException("a claim is made for the token's own member only");
    }
  }
}
