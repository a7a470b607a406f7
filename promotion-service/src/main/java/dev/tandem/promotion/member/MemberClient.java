package dev.tandem.promotion.member;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.MemberService;
import java.util.Optional;
import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.stereotype.Component;

/**
 * The one place promotion-service calls member-service. Reads are safe to repeat, so a provider
 * that dies mid-call costs one retry on another (one, as at every tier); the short timeout keeps a
 * slow member-service from holding callers, who then degrade their promotions section instead of
 * waiting.
 *
 * <p>The timeout is set by its caller's: site-service gives {@code eligibleFor} 1000 ms per
 * attempt, and this call plus one retry must fit inside that, because Dubbo does not fail a call in
 * flight when its provider's connection drops (measured on 3.3.5: a call to a killed member-service
 * waits out its whole timeout before the retry). At 800 ms, longer than the caller's 700 ms, one
 * killed member-service instance cost the home page its promotions section (member-kill drill, 2 of
 * 1011 requests). 450 ms per attempt still leaves a healthy provider under drill load room to
 * answer.
 */
@Component
public class MemberClient {

  static final int TIMEOUT_MS = 450;

  // Dubbo injects references into fields only; this is the service's single field injection.
  @DubboReference(cluster = "failover", retries = 1, timeout = TIMEOUT_MS, check = false)
  private MemberService members;

  /**
   * The member's level, possibly from a replica or cache (a promotion list may lag a level change).
   *
   * @return empty when no member has the id
   * @throws org.apache.dubbo.rpc.RpcException when member-service cannot answer
   */
  public Optional<MemberLevel> levelOf(long memberId) {
    return levelOf(memberId, false);
  }

  /**
   * The member's level for a decision that must not turn away a real member: as {@link
   * #levelOf(long)}, but an id not found there is asked again of the shard's primary, because a
   * member who has just registered may not have reached the replica yet.
   *
   * @return empty when the primary knows no member of that id either
   * @throws org.apache.dubbo.rpc.RpcException when member-service cannot answer
   */
  public Optional<MemberLevel> confirmedLevelOf(long memberId) {
    return levelOf(memberId, false).or(() -> levelOf(memberId, true));
  }

  private Optional<MemberLevel> levelOf(long memberId, boolean fresh) {
    try {
      return Optional.of(members.get(memberId, fresh).level());
    } catch (MemberNotFoundException e) {
      return Optional.empty();
    }
  }
}
