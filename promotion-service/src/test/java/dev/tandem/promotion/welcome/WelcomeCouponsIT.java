package dev.tandem.promotion.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.platform.testing.TandemEnvironment;
import dev.tandem.promotion.ClusterIntegration;
import dev.tandem.promotion.api.Coupon;
import dev.tandem.promotion.api.CouponKind;
import dev.tandem.promotion.api.PromotionService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class WelcomeCouponsIT extends ClusterIntegration {

  @Autowired PromotionService promotions;

  static final List<Long> membersOfThisRun = new ArrayList<>();

  static String bootstrap() {
    return TandemEnvironment.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS");
  }

  static long newMember() {
    long id = ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE);
    membersOfThisRun.add(id);
    return id;
  }

  static String event(long memberId) {
    return """
        {"eventId":"%s","memberId":%d,"name":"It","email":"it-%d@example.org",\
        "registeredAt":"2030-01-01T00:00:00Z"}"""
        .formatted(UUID.randomUUID(), memberId, memberId);
  }

  static void send(String... values) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : values) {
        // One key, so one partition: events are applied in the order they are sent.
        producer.send(new ProducerRecord<>(WELCOME_TOPIC, "it-" + RUN, value)).get();
      }
    }
  }

  List<Coupon> welcomeCoupons(long memberId) {
    return promotions.couponsOf(memberId).stream()
        .filter(coupon -> coupon.couponKind() == CouponKind.WELCOME)
        .toList();
  }

  @Test
  void grantsOneWelcomeCouponHoweverOftenTheEventArrives() throws Exception {
    long member = newMember();
    long later = newMember();
    String registered = event(member);

    // The same event twice (a redelivery), then another member's: once that one is applied,
    // both deliveries before it were.
    send(registered, registered, event(later));

    await().atMost(Duration.ofSeconds(60)).until(() -> welcomeCoupons(later).size() == 1);
    assertThat(welcomeCoupons(member)).hasSize(1);
    assertThat(welcomeCoupons(member).getFirst().promotionId()).isNull();
  }

  @Test
  void anUnreadableEventEndsInTheDeadLetterTopic() throws Exception {
    String poison = "not json " + UUID.randomUUID();
    long after = newMember();

    send(poison, event(after));

    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(WELCOME_TOPIC + ".DLT"));
      List<String> deadLetters = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(500))) {
                  deadLetters.add(record.value());
                }
                return deadLetters.contains(poison);
              });
    }
    // The poison message did not stop the events behind it.
    await().atMost(Duration.ofSeconds(60)).until(() -> welcomeCoupons(after).size() == 1);
  }

  @AfterAll
  static void removeWhatThisRunCreated(@Autowired JdbcClient jdbc) {
    if (!membersOfThisRun.isEmpty()) {
      jdbc.sql("DELETE FROM coupon WHERE kind = 'WELCOME' AND member_id IN (:members)")
          .param("members", membersOfThisRun)
          .update();
    }
  }
}
