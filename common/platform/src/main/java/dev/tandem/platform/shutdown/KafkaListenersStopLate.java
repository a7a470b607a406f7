package dev.tandem.platform.shutdown;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;

/**
 * Kafka listener containers stop, by Spring Kafka's default, before anything else. Here they stop
 * after requests and Dubbo invocations have drained: consuming is not what consumers of this
 * instance wait on, and a listener stopped later still commits what it processed.
 */
final class KafkaListenersStopLate implements BeanPostProcessor {

  /** After {@link DubboShutdown}, before the web server itself stops. */
  static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    // The containers take their phase from their factory, and the registry takes theirs.
    if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
      factory.setPhase(PHASE);
    }
    return bean;
  }
}
