package dev.tandem.site.member;

import dev.tandem.member.api.Member;

/** A member as the HTTP API shows it. The id is a string: 64 bits do not fit a JSON number. */
public record MemberView(
    String id, String name, String email, String phone, String level, long points) {

  public static MemberView of(Member member) {
    return new MemberView(
        Long.toString(member.id()),
        member.name(),
        member.email(),
        member.phone(),
        member.level().name(),
        member.points());
  }
}
