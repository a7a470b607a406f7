package dev.tandem.drills;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/** Which broker leads most partitions of a topic: the Kafka partition drill cuts that one off. */
final class KafkaLeaders {

  private KafkaLeaders() {}

  /** The instance name ({@code kafka-N}, N being the broker's node id) of the busiest leader. */
  static String busiestLeader(String bootstrapServers, String topic) throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    try (Admin admin = Admin.create(config)) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
      Map<Integer, Integer> led = new TreeMap<>();
      for (TopicPartitionInfo partition : description.partitions()) {
        if (partition.leader() != null) {
          led.merge(partition.leader().id(), 1, Integer::sum);
        }
      }
      return led.entrySet().stream()
          .max(Map.Entry.comparingByValue())
          .map(e -> "kafka-" + e.getKey())
          .orElseThrow(() -> new IllegalStateException(topic + " has no partition leader"));
    }
  }
}
