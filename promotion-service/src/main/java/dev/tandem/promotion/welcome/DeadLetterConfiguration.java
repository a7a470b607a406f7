package dev.tandem.promotion.welcome;

import dev.tandem.member.api.MemberRegistered;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JsonSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens to an event the listener cannot apply. Unreadable records (the value deserializer
 * failed) and invalid events go to the dead-letter topic at once: retrying cannot fix them. Other
 * failures (MySQL failing over) are retried with backoff first, so a short outage loses no coupon.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

  /** Declared here too: the listener may start before member-service has created the topic. */
  @Bean
  NewTopic memberEventsTopic(WelcomeSettings settings) {
    return TopicBuilder.name(settings.topic()).partitions(MemberRegistered.PARTITIONS).build();
  }

  @Bean
  NewTopic welcomeDeadLetterTopic(WelcomeSettings settings) {
    return TopicBuilder.name(settings.deadLetterTopic()).partitions(1).build();
  }

  /**
   * The service's only producer writes events the listener gave up on: the original bytes when they
   * could not be read, the event when they could. Keys stay strings (Boot's default).
   */
  @Bean
  DefaultKafkaProducerFactory<Object, Object> kafkaProducerFactory(KafkaProperties kafka) {
    var producers =
        new DefaultKafkaProducerFactory<Object, Object>(kafka.buildProducerProperties(null));
    producers.setValueSerializer(
        new DelegatingByTypeSerializer(
            Map.of(
                byte[].class, new ByteArraySerializer(),
                MemberRegistered.class, new JsonSerializer<MemberRegistered>())));
    return producers;
  }

  @Bean
  DefaultErrorHandler welcomeErrorHandler(
      WelcomeSettings settings, KafkaTemplate<Object, Object> kafkaTemplate) {
    var recoverer =
        new DeadLetterPublishingRecoverer(
            kafkaTemplate,
            // Partition -1: let Kafka choose, the dead-letter topic need not match the source's.
            (record, exception) -> new TopicPartition(settings.deadLetterTopic(), -1));
    var backOff = new ExponentialBackOff(500, 2);
    backOff.setMaxInterval(10_000);
    backOff.setMaxAttempts(settings.retries());
    var handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(InvalidEventException.class);
    return handler;
  }
}
