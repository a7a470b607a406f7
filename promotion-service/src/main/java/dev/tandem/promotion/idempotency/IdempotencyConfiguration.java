package dev.tandem.promotion.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.IdempotentWrites;
import dev.tandem.promotion.api.IdempotencyKeyReusedException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The platform's idempotent writes over this service's database. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

  @Bean
  IdempotentWrites idempotentWrites(
      IdempotencyStore store,
      PlatformTransactionManager transactions,
      ObjectMapper json,
      Clock clock) {
    TransactionTemplate write = new TransactionTemplate(transactions);
    // Row locks only, no gap locks: concurrent claims of one promotion queue on its row, nothing
    // else.
    write.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    return new IdempotentWrites(store, write, json, clock, IdempotencyKeyReusedException::new);
  }
}
