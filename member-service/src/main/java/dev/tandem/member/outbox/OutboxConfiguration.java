package dev.tandem.member.outbox;

import dev.tandem.member.api.MemberRegistered;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

  /** Created at start-up when missing; replication follows the brokers' default (3 in ha). */
  @Bean
  NewTopic memberEventsTopic(OutboxSettings settings) {
    return TopicBuilder.name(settings.topic()).partitions(MemberRegistered.PARTITIONS).build();
  }
}
