package dev.tandem.member.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis cache of member profiles, reached through Sentinel: {@code sentinels} as {@code
 * host:port}, the monitored {@code masterName}. {@code ttl} bounds how long an entry can be served
 * when its invalidation was lost along with the instance that should have retried it; {@code
 * timeout} bounds how long any call waits for Redis before the caller reads MySQL; after a failure
 * Redis is skipped for {@code skipAfterFailure} before one call probes it again; evictions that
 * failed are retried every {@code retryEvictionsEvery}. {@code password} is the servers', {@code
 * sentinelPassword} the Sentinels'; empty means none.
 */
@Validated
@ConfigurationProperties("tandem.member.cache")
public record CacheSettings(
    @NotEmpty List<@NotBlank String> sentinels,
    @NotBlank String masterName,
    @NotNull String password,
    @NotNull String sentinelPassword,
    @NotNull Duration ttl,
    @NotNull Duration timeout,
    @NotNull Duration skipAfterFailure,
    @NotNull Duration retryEvictionsEvery) {}
