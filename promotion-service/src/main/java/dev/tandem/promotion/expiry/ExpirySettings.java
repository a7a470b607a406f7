package dev.tandem.promotion.expiry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param zookeeper ZooKeeper connect string ({@code host:port[,host:port...]}) for the election
 * @param leaderPath the znode under which instances elect the one that runs the job
 */
@Validated
@ConfigurationProperties("tandem.promotion.expiry")
record ExpirySettings(
    @NotBlank(message = "set TANDEM_ZOOKEEPER: the expiry job's leader is elected in ZooKeeper")
        String zookeeper,
    @NotBlank @Pattern(regexp = "(/[^/]+)+") String leaderPath) {}
