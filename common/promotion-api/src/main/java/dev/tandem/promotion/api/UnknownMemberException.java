package dev.tandem.promotion.api;

/** A claim names a member that does not exist; nothing was taken from the stock. */
public class UnknownMemberException extends RuntimeException {

  public UnknownMemberException(long memberId) {
    super("no member has id " + memberId);
  }
}
