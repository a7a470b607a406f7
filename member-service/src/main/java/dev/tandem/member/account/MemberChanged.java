package dev.tandem.member.account;

/**
 * Published inside a transaction that changed a member; the cache drops the member once that
 * transaction commits (a rolled-back change leaves the cache alone).
 */
public record MemberChanged(long memberId) {}
