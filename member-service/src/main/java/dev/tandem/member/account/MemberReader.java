package dev.tandem.member.account;

import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.shard.Shards;
import org.apache.shardingsphere.infra.hint.HintManager;
import org.springframework.stereotype.Service;

/**
 * Reads a member. A fresh read goes to the shard's primary, past the cache: the caller has just
 * written and must see it. Any other read is served from the cache, or else from the shard's
 * replica and then cached.
 */
@Service
public class MemberReader {

  private final MemberAccounts accounts;
  private final MemberCache cache;
  private final Shards shards;

  MemberReader(MemberAccounts accounts, MemberCache cache, Shards shards) {
    this.accounts = accounts;
    this.cache = cache;
    this.shards = shards;
  }

  public Member get(long memberId, boolean fresh) {
    if (!shards.owns(memberId)) {
      throw new MemberNotFoundException(memberId);
    }
    if (fresh) {
      try (HintManager primaryOnly = HintManager.getInstance()) {
        primaryOnly.setWriteRouteOnly();
        return load(memberId);
      }
    }
    return cache
        .get(memberId)
        .orElseGet(
            () -> {
              Member member = load(memberId);
              cache.put(member);
              return member;
            });
  }

  private Member load(long memberId) {
    return accounts
        .find(memberId)
        .map(MemberAccount::toMember)
        .orElseThrow(() -> new MemberNotFoundException(memberId));
  }
}
