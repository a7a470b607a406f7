package dev.tandem.promotion.welcome;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param topic where {@code MemberRegistered} events arrive; unreadable ones go to {@code topic +
 *     ".DLT"}
 * @param retries how often a failing event is retried (with backoff) before it is dead-lettered
 */
@Validated
@ConfigurationProperties("tandem.promotion.welcome")
record WelcomeSettings(@NotBlank String topic, @Min(0) int retries) {

  String deadLetterTopic() {
    return topic + ".DLT";
  }
}
