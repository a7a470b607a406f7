package dev.tandem.member.api;

/**
 * Another member already registered with the email. The message does not repeat the address:
 * messages reach logs, and no email, name or phone may (issue 10).
 */
public class DuplicateEmailException extends RuntimeException {

  public DuplicateEmailException() {
    super("a member with this email already exists");
  }
}
