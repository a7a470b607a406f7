package dev.tandem.member.api;

/** Another member already registered with the email. */
public class DuplicateEmailException extends RuntimeException {

  public DuplicateEmailException(String email) {
    super("a member with email " + email + " already exists");
  }
}
