package dev.tandem.site;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds, and so checks at start-up, where this instance lives. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InstanceSettings.class)
class InstanceConfiguration {}
