package dev.tandem.member.api;

/** No member has the id. */
public class MemberNotFoundException extends RuntimeException {

  private final long memberId;

  public MemberNotFoundException(long memberId) {
    super("no member with id " + memberId);
    this.memberId = memberId;
  }

  public long memberId() {
    return memberId;
  }
}
