package dev.tandem.member.account;

import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;

/**
 * A member as stored: the rules about points and levels live here. The level is always the one
 * {@link MemberLevel#forPoints} gives for the points; nothing sets it directly.
 */
public record MemberAccount(long id, String name, String email, String phone, long points) {

  /** A new member: no points yet. */
  public static MemberAccount open(long id, String name, String email, String phone) {
    return new MemberAccount(id, name, email, phone, 0);
  }

  public MemberLevel level() {
    return MemberLevel.forPoints(points);
  }

  /** The account after earning {@code earned} points. */
  public MemberAccount withPointsAdded(int earned) {
    if (earned <= 0) {
      throw new IllegalArgumentException("points to add must be positive, was " + earned);
    }
    return new MemberAccount(id, name, email, phone, Math.addExact(points, earned));
  }

  public Member toMember() {
    return new Member(id, name, email, phone, level(), points);
  }
}
