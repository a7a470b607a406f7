package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.endpoints.EndpointLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Talks to every product of the running cluster with the product's own client. Brings {@code lite}
 * up first when no cluster runs; with neither a cluster nor the rights to start one it fails,
 * naming the command to run.
 */
public class ClusterIT {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static Map<String, String> env;

  @BeforeAll
  static void clusterIsUp() throws Exception {
    if (tandem(List.of("is-up"), Duration.ofSeconds(60)).exit() != 0) {
      Proc.Result up = tandem(List.of("up", "lite"), Duration.ofMinutes(10));
      if (up.exit() != 0) {
        fail(
            "no cluster is up and `./tandem up lite` failed; run it by hand (as root):\n"
                + up.output());
      }
    }
    Proc.Result result = tandem(List.of("env"), Duration.ofSeconds(60));
    assertThat(result.exit()).as(result.output()).isZero();
    env = EndpointLines.parse(result.output());
  }

  private static Proc.Result tandem(List<String> args, Duration timeout) {
    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("tandem").toString()));
    command.addAll(args);
    return Proc.run(command, timeout);
  }

  @Test
  void everyInstanceReportsHealthyWithARole() throws IOException {
    Proc.Result status = tandem(List.of("status", "--json"), Duration.ofSeconds(60));
    JsonNode document = JSON.readTree(status.output());

    assertThat(document.path("profile").asText()).isIn("lite", "ha");
    for (JsonNode instance : document.path("instances")) {
      assertThat(instance.path("healthy").asBoolean()).as(instance.toString()).isTrue();
      assertThat(instance.path("role").isNull()).as(instance.toString()).isFalse();
      assertThat(instance.path("pid").asInt()).as(instance.toString()).isPositive();
    }
  }

  @Test
  void zooKeeperStoresAndServesAZnode() throws Exception {
    ZooKeeper zk = new ZooKeeper(env.get("TANDEM_ZOOKEEPER"), 10_000, event -> {});
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> zk.getState().isConnected());
      String path = "/tandem-it-" + RUN;
      zk.create(
          path,
          "hello".getBytes(StandardCharsets.UTF_8),
          ZooDefs.Ids.OPEN_ACL_UNSAFE,
          CreateMode.EPHEMERAL);

      assertThat(new String(zk.getData(path, false, null), StandardCharsets.UTF_8))
          .isEqualTo("hello");
    } finally {
      zk.close();
    }
  }

  @Test
  void kafkaAcknowledgesAWriteFromAllReplicasAndDeliversIt() throws Exception {
    String topic = "tandem-it-" + RUN;
    Properties producerProps = new Properties();
    producerProps.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS"));
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (var producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      RecordMetadata sent =
          producer.send(new ProducerRecord<>(topic, "key", "hello")).get(60, TimeUnit.SECONDS);
      assertThat(sent.offset()).isNotNegative();
    }

    Properties consumerProps = new Properties();
    consumerProps.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS"));
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new java.util.ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(500))) {
                  values.add(record.value());
                }
                return !values.isEmpty();
              });
      assertThat(values).containsExactly("hello");
    }
  }

  @Test
  void redisWritesGoToTheMasterThatSentinelNames() {
    Set<HostAndPort> sentinels =
        Arrays.stream(env.get("TANDEM_REDIS_SENTINELS").split(","))
            .map(HostAndPort::from)
            .collect(Collectors.toSet());
    try (JedisSentinelPool pool =
            new JedisSentinelPool(
                env.get("TANDEM_REDIS_MASTER_NAME"),
                sentinels,
                password("TANDEM_REDIS_PASSWORD"),
                password("TANDEM_REDIS_SENTINEL_PASSWORD"));
        Jedis jedis = pool.getResource()) {
      jedis.set("tandem-it:" + RUN, "hello");

      assertThat(jedis.get("tandem-it:" + RUN)).isEqualTo("hello");
      assertThat(jedis.role().getFirst()).isEqualTo("master");
      jedis.del("tandem-it:" + RUN);
    }
  }

  @Test
  void redisAndTheSentinelsAnswerNoOneWithoutThePassword() {
    String server = env.get("TANDEM_REDIS_SENTINELS").split(",")[0];
    try (Jedis sentinel = new Jedis(HostAndPort.from(server))) {
      assertThatThrownBy(
              () -> sentinel.sentinelGetMasterAddrByName(env.get("TANDEM_REDIS_MASTER_NAME")))
          .isInstanceOf(JedisDataException.class)
          .hasMessageContaining("NOAUTH");
    }
    List<String> master;
    try (Jedis sentinel =
        new Jedis(HostAndPort.from(server), password("TANDEM_REDIS_SENTINEL_PASSWORD"))) {
      master = sentinel.sentinelGetMasterAddrByName(env.get("TANDEM_REDIS_MASTER_NAME"));
    }
    try (Jedis redis = new Jedis(master.get(0), Integer.parseInt(master.get(1)))) {
      assertThatThrownBy(() -> redis.get("tandem-it:" + RUN))
          .isInstanceOf(JedisDataException.class)
          .hasMessageContaining("NOAUTH");
    }
  }

  private static JedisClientConfig password(String variable) {
    return DefaultJedisClientConfig.builder().password(env.get(variable)).build();
  }

  @Test
  void eachMySqlShardTakesWritesAndItsReplicaSeesThem() throws Exception {
    for (int shard = 0; shard < 2; shard++) {
      String database = env.get("TANDEM_MYSQL_SHARD_" + shard + "_DATABASE");
      String table = "it_" + RUN;
      try (Connection primary = migrator(env.get("TANDEM_MYSQL_SHARD_" + shard), database);
          Statement statement = primary.createStatement()) {
        statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(20))");
      }
      try (Connection primary = mysql(env.get("TANDEM_MYSQL_SHARD_" + shard), database);
          Statement statement = primary.createStatement()) {
        statement.execute("INSERT INTO " + table + " VALUES (1, 'shard " + shard + "')");
      }
      try (Connection replica =
              mysql(env.get("TANDEM_MYSQL_SHARD_" + shard + "_REPLICA"), database);
          Statement statement = replica.createStatement()) {
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(
                () -> {
                  try (ResultSet rs =
                      statement.executeQuery("SELECT note FROM " + table + " WHERE id = 1")) {
                    return rs.next()
                        && rs.getString(1)
                            .equals(
                                "shard "
                                    + (Integer.parseInt(
                                        database.substring(database.length() - 1))));
                  }
                });
      }
      try (Connection primary = migrator(env.get("TANDEM_MYSQL_SHARD_" + shard), database);
          Statement statement = primary.createStatement()) {
        statement.execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void theServicesDatabaseUserChangesRowsAndNothingElse() throws Exception {
    String database = env.get("TANDEM_MYSQL_SHARD_0_DATABASE");
    try (Connection app = mysql(env.get("TANDEM_MYSQL_SHARD_0"), database);
        Statement statement = app.createStatement()) {
      for (String ddl :
          List.of(
              "CREATE TABLE it_denied_" + RUN + " (id INT PRIMARY KEY)",
              "ALTER TABLE flyway_schema_history ADD COLUMN it_denied INT",
              "DROP TABLE flyway_schema_history",
              "CREATE DATABASE it_denied_" + RUN)) {
        assertThatThrownBy(() -> statement.execute(ddl))
            .as(ddl)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("denied");
      }
      try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM flyway_schema_history")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isPositive();
      }
    }
  }

  private static Connection mysql(String endpoint, String database) throws Exception {
    return DriverManager.getConnection(
        "jdbc:mariadb://" + endpoint + "/" + database + "?connectTimeout=3000",
        env.get("TANDEM_MYSQL_USER"),
        env.get("TANDEM_MYSQL_PASSWORD"));
  }

  private static Connection migrator(String endpoint, String database) throws Exception {
    return DriverManager.getConnection(
        "jdbc:mariadb://" + endpoint + "/" + database + "?connectTimeout=3000",
        env.get("TANDEM_MYSQL_MIGRATION_USER"),
        env.get("TANDEM_MYSQL_MIGRATION_PASSWORD"));
  }

  @Test
  void elasticsearchIndexesAndFindsADocument() throws Exception {
    String node = env.get("TANDEM_ELASTICSEARCH_URIS").split(",")[0];
    String index = "tandem-it-" + RUN;
    HttpResponse<String> indexed =
        send(
            "PUT",
            node + "/" + index + "/_doc/1?refresh=true",
            "{\"title\": \"Winter coupon festival\"}");
    assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);

    HttpResponse<String> found =
        send(
            "POST",
            node + "/" + index + "/_search",
            "{\"query\": {\"match\": {\"title\": \"coupon\"}}}");
    assertThat(JSON.readTree(found.body()).path("hits").path("total").path("value").asInt())
        .isEqualTo(1);

    HttpResponse<String> settings = send("GET", node + "/" + index + "/_settings", null);
    assertThat(settings.body()).contains("\"auto_expand_replicas\":\"0-1\"");
    send("DELETE", node + "/" + index, null);
  }

  @Test
  void theEntryPointAnswersThroughNginx() throws Exception {
    HttpResponse<String> health = send("GET", env.get("TANDEM_URL") + "/nginx-health", null);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("ok nginx-");
  }

  private static HttpResponse<String> send(String method, String url, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (json != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
