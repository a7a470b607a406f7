package dev.tandem.platform.warmup;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param paths read-only paths of this instance's own API to call before it registers; none, no
 *     warm-up
 * @param rounds how often to call each path
 * @param limit the most the warm-up may delay registration
 */
@ConfigurationProperties("tandem.warm-up")
public record WarmUpSettings(
    @DefaultValue List<String> paths,
    @DefaultValue("20") int rounds,
    @DefaultValue("20s") Duration limit) {}
