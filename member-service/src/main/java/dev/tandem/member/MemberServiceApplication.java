package dev.tandem.member;

import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.MemberService;
import dev.tandem.platform.warmup.ProviderWarmUp;
import java.time.Clock;
import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableDubbo
@ConfigurationPropertiesScan
@EnableScheduling
public class MemberServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(MemberServiceApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Before it registers, the provider reads an unknown member (cache, replica and primary paths) in
   * process, so its first consumers meet a warm JVM (dev.tandem.platform.warmup).
   */
  @Bean
  ProviderWarmUp memberReads(MemberService members) {
    return () -> {
      for (boolean fresh : new boolean[] {false, true}) {
        try {
          members.get(0, fresh);
        } catch (MemberNotFoundException expected) {
          // member 0 never exists
        }
      }
    };
  }
}
