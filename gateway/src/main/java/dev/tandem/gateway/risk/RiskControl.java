package dev.tandem.gateway.risk;

import dev.tandem.gateway.problem.RequestBlocked;
import dev.tandem.gateway.problem.RequestThrottled;
import dev.tandem.platform.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Risk control's decision on one request: the block list first (403 {@code blocked}), then the
 * shared limits on claims and registrations (429 {@code too-many-requests} with {@code
 * Retry-After}). {@code filter.RiskControlFilter} asks it for every request.
 */
public final class RiskControl {

  private static final Logger log = LoggerFactory.getLogger(RiskControl.class);

  private final BlockList blockList;
  private final RiskRules rules;
  private final SharedCounters counters;
  private final Refusals refusals;

  RiskControl(BlockList blockList, RiskRules rules, SharedCounters counters, Refusals refusals) {
    this.blockList = blockList;
    this.rules = rules;
    this.counters = counters;
    this.refusals = refusals;
  }

  /**
   * Completes empty when the request may go on, or fails with {@link RequestBlocked} or {@link
   * RequestThrottled}.
   *
   * @param address the client's address
   * @param member the member the request acts as (from its verified token), or null
   */
  public Mono<Void> check(ServerHttpRequest request, String address, String member) {
    if (blockList.blocksAddress(address)) {
      return refuse("blocked-address", address, member);
    }
    if (blockList.blocksMember(member)) {
      return refuse("blocked-member", address, member);
    }
    return counters
        .count(
            rules.countersFor(
                request.getMethod(),
                request.getPath().pathWithinApplication(),
                address,
                member,
                request.getHeaders().getFirst(Problems.IDEMPOTENCY_KEY_HEADER)))
        .flatMap(
            refusal -> {
              if (refusal.isEmpty()) {
                return Mono.empty();
              }
              refusals.count(refusal.get().reason());
              return Mono.error(
                  new RequestThrottled(
                      RiskRules.detail(refusal.get().reason()), refusal.get().retryAfter()));
            });
  }

  private Mono<Void> refuse(String reason, String address, String member) {
    refusals.count(reason);
    log.debug("refused ({}): address {}, member {}", reason, address, member);
    return Mono.error(new RequestBlocked());
  }
}
