package dev.tandem.promotion;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.warmup.ProviderWarmUp;
import dev.tandem.promotion.api.PromotionService;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PromotionApplication {

  public static void main(String[] args) {
    SpringApplication.run(PromotionApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Before it registers, the provider runs its read paths in process (MySQL, Elasticsearch), so its
   * first consumers meet a warm JVM (dev.tandem.platform.warmup).
   */
  @Bean
  ProviderWarmUp promotionReads(PromotionService promotions) {
    List<Runnable> reads =
        List.of(() -> promotions.couponsOf(0), () -> promotions.search("warm-up"));
    return () -> {
      for (Runnable read : reads) {
        try {
          read.run();
        } catch (RuntimeException e) {
          // one read failing (member-service out of reach before Dubbo starts) must not skip the
          // others
        }
      }
    };
  }

  /** Boot's ObjectMapper, so documents write {@code Instant}s as ISO-8601 like the API does. */
  @Bean
  JsonpMapper elasticsearchJsonpMapper(ObjectMapper json) {
    return new JacksonJsonpMapper(json);
  }
}
