package dev.tandem.promotion.member;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.MemberService;
import java.util.Optional;
import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.stereotype.Component;

/**
 * The one place promotion-service calls member-service. Reads are safe to repeat, so a provider
 * that dies mid-call costs one retry on another; the short timeout keeps a slow member-service from
 * holding callers, who then degrade their promotions section instead of waiting.
 */
@Component
public class MemberClient {

  // Dubbo injects references into fields only; this is the service's single field injection.
  @DubboReference(cluster = "failover", retries = 2, timeout = 800, check = false)
  private MemberService members;

  /**
   * The member's level, possibly from a replica or cache (a promotion list may lag a level change).
   *
   * @return empty when no member has the id
   * @throws org.apache.dubbo.rpc.RpcException when member-service cannot answer
   */
  public Optional<MemberLevel> levelOf(long memberId) {
    try {
      return Optional.of(members.get(memberId, false).level());
    } catch (MemberNotFoundException e) {
      return Optional.empty();
    }
  }
}
