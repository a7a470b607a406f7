package dev.tandem.gateway.risk;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Risk control's limits, shared by every gateway instance through Redis, and where the block list
 * is. The defaults and why they are what they are: {@code application.yml}.
 *
 * @param claimsPerMember coupon claims one member may start per window (retries of one claim, under
 *     one {@code Idempotency-Key}, count once)
 * @param claimsPerAddress claims from one client address per window (idem)
 * @param claimsPerPromotion claims on one promotion per window, from everyone together: the
 *     cluster-wide admission rate of a flash sale (every request counts, retries too: this one
 *     protects the service, not the stock)
 * @param registrationsPerAddress registrations from one client address per window
 * @param exemptAddresses client addresses the per-address limits do not apply to (the block list
 *     still does)
 * @param blockList the ZooKeeper node of the operators' block list
 * @param instances how many gateway instances share the limits: while Redis cannot decide, each
 *     enforces {@code count / instances} of every limit on its own
 */
@Validated
@ConfigurationProperties("tandem.risk")
public record RiskSettings(
    @NotNull @Valid Redis redis,
    @NotNull @Valid Limit claimsPerMember,
    @NotNull @Valid Limit claimsPerAddress,
    @NotNull @Valid Limit claimsPerPromotion,
    @NotNull @Valid Limit registrationsPerAddress,
    @DefaultValue List<String> exemptAddresses,
    @DefaultValue("/tandem/risk/blocked") @NotBlank String blockList,
    @DefaultValue("1") @Positive int instances) {

  /** At most {@code count} in each {@code window}; the window starts with its first request. */
  public record Limit(@Positive int count, @NotNull Duration window) {}

  /**
   * Redis through Sentinel, as member-service reaches it. {@code timeout} is the most a request
   * waits for Redis's decision before this instance decides alone; after a failure Redis is left
   * alone for {@code skipAfterFailure}.
   */
  public record Redis(
      @NotEmpty List<@NotBlank String> sentinels,
      @NotBlank String masterName,
      @DefaultValue("") String password,
      @DefaultValue("") String sentinelPassword,
      @DefaultValue("100ms") Duration timeout,
      @DefaultValue("1s") Duration skipAfterFailure) {}
}
