package dev.tandem.site.home;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HomeSettings.class)
class HomeConfiguration {

  /**
   * One virtual thread per section: a section blocks on its Dubbo call and costs almost nothing
   * while it waits, so there is no pool to size or to exhaust when a provider is slow.
   */
  @Bean(destroyMethod = "close")
  ExecutorService homeSections() {
    return Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("home-section-", 0).factory());
  }
}
