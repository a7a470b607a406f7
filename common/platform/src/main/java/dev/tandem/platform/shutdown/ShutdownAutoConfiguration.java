package dev.tandem.platform.shutdown;

import java.util.List;
import org.apache.dubbo.config.spring.util.DubboBeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the shutdown sequence described in {@link dev.tandem.platform.shutdown} into every service,
 * with the parts each one needs: discovery, Dubbo, Kafka.
 */
@AutoConfiguration
@EnableConfigurationProperties(ShutdownSettings.class)
public class ShutdownAutoConfiguration {

  static final String DUBBO = "org.apache.dubbo.config.spring.util.DubboBeanUtils";

  @Bean
  GracefulShutdown tandemGracefulShutdown(
      ApplicationContext context, List<RegistryExit> exits, ShutdownSettings settings) {
    return new GracefulShutdown(context, exits, settings);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(AbstractAutoServiceRegistration.class)
  static class Discovery {

    @Bean
    @ConditionalOnBean(AbstractAutoServiceRegistration.class)
    RegistryExit tandemDiscoveryExit(AbstractAutoServiceRegistration<?> registration) {
      return new DiscoveryRegistryExit(registration);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = DUBBO)
  static class Dubbo {

    @Bean
    RegistryExit tandemDubboExit(BeanFactory beans) {
      return new DubboRegistryExit(DubboBeanUtils.getModuleModel(beans));
    }

    @Bean
    DubboShutdown tandemDubboShutdown(BeanFactory beans) {
      return new DubboShutdown(DubboBeanUtils.getModuleModel(beans));
    }

    @Bean
    @ConditionalOnClass(HealthIndicator.class)
    HealthIndicator registrationHealthIndicator(BeanFactory beans) {
      return new RegistrationHealthIndicator(DubboBeanUtils.getModuleModel(beans));
    }
  }

  /** Without Dubbo there is no registration to wait for; the indicator exists for the group. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(DUBBO)
  @ConditionalOnClass(HealthIndicator.class)
  static class NoDubbo {

    @Bean
    HealthIndicator registrationHealthIndicator() {
      return () -> Health.up().build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.kafka.config.KafkaListenerEndpointRegistry")
  static class Kafka {

    @Bean
    static KafkaListenersStopLate tandemKafkaListenersStopLate() {
      return new KafkaListenersStopLate();
    }
  }
}
