package dev.tandem.platform.protection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Sentinel's rules come from.
 *
 * @param zookeeper the config centre's connect string; blank: no live rules, only what the code
 *     sets (the {@code registry-nacos} profile, until rules have a Nacos source)
 * @param root the node under which each application has one node per rule kind
 * @param application whose rules this JVM enforces: normally {@code spring.application.name}
 */
@ConfigurationProperties("tandem.protection.rules")
public record ProtectionSettings(
    String zookeeper, @DefaultValue("/tandem/sentinel") String root, String application) {}
