package dev.tandem.member.api;

/**
 * The email and password do not match a member. One exception for an unknown email, a wrong
 * password and a member without a password, so a caller cannot tell which emails are registered.
 */
public class SignInRefusedException extends RuntimeException {

  public SignInRefusedException() {
    super("the email and password do not match a member");
  }
}
