package dev.tandem.platform.idempotency;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The purge of expired keys, for every service that keeps them (declares an {@link
 * IdempotencyStore}). The job runs where scheduling is enabled ({@code @EnableScheduling}), as in
 * both providers.
 */
@AutoConfiguration
@EnableConfigurationProperties(IdempotencySettings.class)
public class IdempotencyAutoConfiguration {

  @Bean
  @ConditionalOnBean(IdempotencyStore.class)
  IdempotencyPurge tandemIdempotencyPurge(
      IdempotencyStore store, IdempotencySettings settings, ObjectProvider<Clock> clock) {
    return new IdempotencyPurge(store, settings, clock.getIfAvailable(Clock::systemUTC));
  }
}
