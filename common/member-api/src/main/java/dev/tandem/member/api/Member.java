package dev.tandem.member.api;

import java.io.Serializable;

/** A member as clients see it. Ids are 64-bit, time-ordered, and carry their shard. */
public record Member(
    long id, String name, String email, String phone, MemberLevel level, long points)
    implements Serializable {}
