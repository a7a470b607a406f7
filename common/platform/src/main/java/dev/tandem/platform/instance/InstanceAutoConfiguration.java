package dev.tandem.platform.instance;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Binds, and so checks at start-up, {@link InstanceIdentity} in every service that speaks Dubbo:
 * those bind and register an address. The gateway registers nothing and needs none.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.apache.dubbo.config.spring.context.annotation.EnableDubbo")
@EnableConfigurationProperties(InstanceIdentity.class)
public class InstanceAutoConfiguration {}
