package dev.tandem.platform.idempotency;

import java.util.Locale;

/**
 * Whose key it is. A key means something only to the client that chose it, so keys are scoped: two
 * callers using the same key never meet, and one caller's key is one request wherever that request
 * lands.
 *
 * <ul>
 *   <li>{@link Kind#CALLER}: the subject of the caller's verified token (a member's id, {@code
 *       admin}). Every write made with a token is scoped so.
 *   <li>{@link Kind#EMAIL}: the normalised email of an anonymous registration; the registrant has
 *       no token yet, and the email is what their retries have in common.
 *   <li>{@link Kind#UNSCOPED}: commands from a consumer older than the caller's subject in the
 *       command (during a rolling upgrade). They share one scope, as every key did before.
 * </ul>
 *
 * <p>{@link #value()} is what stores keep: {@code caller:42}, {@code email:ada@example.org}, {@code
 * unscoped:}. The kind is part of it, so a subject that happens to look like an email never shares
 * a scope with that email's registration.
 */
public record IdempotencyScope(Kind kind, String id) {

  /** The longest {@link #value()}: stores size their column by it. */
  public static final int MAX_LENGTH = 300;

  public static final IdempotencyScope UNSCOPED = new IdempotencyScope(Kind.UNSCOPED, "");

  public enum Kind {
    CALLER,
    EMAIL,
    UNSCOPED
  }

  public IdempotencyScope {
    if (kind == null || id == null) {
      throw new IllegalArgumentException("a scope has a kind and an id");
    }
    if ((kind == Kind.UNSCOPED) != id.isEmpty()) {
      throw new IllegalArgumentException("only the unscoped scope has an empty id");
    }
    if (kind.name().length() + 1 + id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a scope is at most " + MAX_LENGTH + " characters");
    }
  }

  /**
   * The caller with this token subject, or {@link #UNSCOPED} when the command carries none (it
   * comes from a consumer older than the subject in the command).
   */
  public static IdempotencyScope ofCaller(String subject) {
    if (subject == null || subject.isBlank()) {
      return UNSCOPED;
    }
    return new IdempotencyScope(Kind.CALLER, subject);
  }

  /** An anonymous registrant, by the email as the service normalises it. */
  public static IdempotencyScope ofEmail(String normalisedEmail) {
    if (normalisedEmail == null || normalisedEmail.isBlank()) {
      throw new IllegalArgumentException("an email is required");
    }
    return new IdempotencyScope(Kind.EMAIL, normalisedEmail);
  }

  public String value() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
  }

  /** No email in logs (issue 10): an email scope shows its kind only. */
  @Override
  public String toString() {
    return kind == Kind.EMAIL ? "email:(not shown)" : value();
  }
}
