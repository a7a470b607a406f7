package dev.tandem.member.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.api.IdempotencyKeyReusedException;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.IdempotentWrites;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform's idempotent writes over this service's shards. A write's transaction is
 * ShardingSphere's local one: every statement of a write names the member's shard, so it commits on
 * that shard alone.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

  @Bean
  IdempotentWrites idempotentWrites(
      IdempotencyStore store,
      PlatformTransactionManager transactions,
      ObjectMapper json,
      Clock clock) {
    return new IdempotentWrites(
        store,
        new TransactionTemplate(transactions),
        json,
        clock,
        IdempotencyKeyReusedException::new);
  }
}
