package dev.tandem.site;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where this instance lives. Without an explicit address Dubbo and discovery would pick the
 * machine's first interface, which may be one that must never receive our traffic: start-up stops
 * instead, naming the variable to set.
 */
@Validated
@ConfigurationProperties("tandem.instance")
record InstanceSettings(
    @NotBlank(
            message =
                "set TANDEM_HOST_ADDRESS: the address this instance registers for discovery and Dubbo")
        String hostAddress) {}
