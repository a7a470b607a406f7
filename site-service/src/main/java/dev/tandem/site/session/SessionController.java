package dev.tandem.site.session;

import dev.tandem.member.api.SignIn;
import dev.tandem.member.api.SignInRefusedException;
import dev.tandem.platform.security.TokenMinter;
import dev.tandem.site.member.MemberClient;
import dev.tandem.site.security.SecuritySettings;
import dev.tandem.site.web.Commands;
import dev.tandem.site.web.TooManyAttemptsException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sessions}: a member's email and password for an access token. Every refusal is
 * the same 401 (member-service makes it take the same time); repeated failures are throttled here,
 * per account and per client address, before the password is even checked.
 */
@RestController
class SessionController {

  /** Set by nginx from the connection, over anything the client sent; the gateway passes it on. */
  static final String CLIENT_ADDRESS_HEADER = "X-Real-IP";

  private final MemberClient members;
  private final TokenMinter tokens;
  private final SecuritySettings settings;
  private final SignInThrottle throttle;
  private final Clock clock;
  private final Commands commands;

  SessionController(
      MemberClient members, TokenMinter tokens, SecuritySettings settings, Commands commands) {
    this.members = members;
    this.commands = commands;
    this.tokens = tokens;
    this.settings = settings;
    this.throttle =
        new SignInThrottle(
            settings.signIn().accountFailures(),
            settings.signIn().addressFailures(),
            settings.signIn().window(),
            100_000);
    this.clock = Clock.systemUTC();
  }

  @PostMapping("/api/sessions")
  ResponseEntity<SessionView> signIn(@RequestBody SignInRequest request, HttpServletRequest http) {
    SignIn command = commands.valid(new SignIn(request.email(), request.password()));
    String account = command.email().strip().toLowerCase(Locale.ROOT);
    String address = clientAddress(http);
    Instant now = clock.instant();
    throttle
        .refusal(account, address, now)
        .ifPresent(
            wait -> {
              throw new TooManyAttemptsException("too many failed sign-ins", wait);
            });
    long memberId;
    try {
      memberId = members.signIn(command);
    } catch (SignInRefusedException e) {
      throttle.failed(account, address, now);
      throw e;
    }
    throttle.succeeded(account);
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(SessionView.of(tokens.member(memberId, settings.tokenLifetime())));
  }

  private static String clientAddress(HttpServletRequest http) {
    String forwarded = http.getHeader(CLIENT_ADDRESS_HEADER);
    return forwarded == null || forwarded.isBlank() ? http.getRemoteAddr() : forwarded.strip();
  }
}
