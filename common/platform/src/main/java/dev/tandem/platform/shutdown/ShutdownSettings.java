package dev.tandem.platform.shutdown;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param quietPeriod how long an instance that has left its registries keeps serving, so that
 *     consumers that have not yet noticed do not meet a closed port
 */
@ConfigurationProperties("tandem.shutdown")
public record ShutdownSettings(@DefaultValue("5s") Duration quietPeriod) {}
