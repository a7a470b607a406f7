package dev.tandem.platform.warmup;

import org.apache.dubbo.config.spring.util.DubboBeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires {@link WarmUp} into web services. */
@AutoConfiguration
@ConditionalOnWebApplication
@EnableConfigurationProperties(WarmUpSettings.class)
public class WarmUpAutoConfiguration {

  @Bean
  WarmUp tandemWarmUp(
      WarmUpSettings settings,
      Environment environment,
      ObjectProvider<BeforeWarmUp> beforeWarmUp,
      ObjectProvider<WarmUpAuthorization> authorization) {
    return new WarmUp(
        settings,
        environment,
        beforeWarmUp.orderedStream().toList(),
        authorization.getIfAvailable(() -> () -> null));
  }

  @Bean
  NiceWhenServing tandemNiceWhenServing(ApplicationContext context, Environment environment) {
    return new NiceWhenServing(
        context, environment.getProperty("tandem.nice-when-serving", Integer.class));
  }

  /** Something the warm-up's paths need started first. */
  @FunctionalInterface
  interface BeforeWarmUp {
    void run();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.apache.dubbo.config.spring.util.DubboBeanUtils")
  static class Dubbo {

    @Bean
    WarmBeforeExport tandemWarmBeforeExport(
        ApplicationContext context,
        ObjectProvider<ProviderWarmUp> warmUps,
        WarmUpSettings settings) {
      return new WarmBeforeExport(context, warmUps.orderedStream().toList(), settings);
    }

    /**
     * Consumers need their references, which Dubbo sets up when it starts. Runs only when there are
     * paths to warm: {@link WarmUp} returns before it otherwise.
     */
    @Bean
    BeforeWarmUp tandemStartDubboForWarmUp(BeanFactory beans, WarmUpSettings settings) {
      return () -> {
        try {
          DubboBeanUtils.getModuleModel(beans)
              .getDeployer()
              .start()
              .get(settings.limit().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("Dubbo did not start for the warm-up", e);
        }
      };
    }
  }
}
