package dev.tandem.member.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox: {@code topic} that MemberRegistered goes to (tests use a topic of their own), how
 * often each instance's relay looks for pending events, and how many it sends per pass and shard.
 */
@Validated
@ConfigurationProperties("tandem.member.outbox")
public record OutboxSettings(
    @NotBlank String topic,
    @NotNull Duration relayInterval,
    @Min(1) @Max(1000) int batchSize,
    @NotNull Duration sendTimeout) {}
