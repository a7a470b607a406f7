package dev.tandem.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.member.account.RedisMaster;
import dev.tandem.member.api.AddPoints;
import dev.tandem.member.api.DuplicateEmailException;
import dev.tandem.member.api.IdempotencyKeyReusedException;
import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.MemberService;
import dev.tandem.member.api.RegisterMember;
import dev.tandem.member.api.SignIn;
import dev.tandem.member.api.SignInRefusedException;
import dev.tandem.member.shard.EmailShards;
import dev.tandem.member.shard.MemberIds;
import dev.tandem.member.shard.Shards;
import dev.tandem.platform.idempotency.Fingerprint;
import dev.tandem.platform.idempotency.IdempotencyScope;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.IdempotentRequest;
import dev.tandem.platform.testing.TandemEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.rpc.RpcException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * member-service against the real cluster ({@code ./tandem up lite}): MariaDB shards through
 * ShardingSphere, Redis through Sentinel, Kafka. Dubbo exports on the machine's cluster address but
 * registers nowhere (registry N/A), so no other consumer finds this provider: most tests call the
 * provider bean, one calls it over Dubbo. Everything this run writes has names unique to it.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberServiceIT {

  static final String PASSWORD = "correct horse battery";
  static final String ADMIN = "admin";
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String TOPIC = "member.registered.it-" + RUN;
  static final int DUBBO_PORT = freePort();
  static final String DUBBO_TOKEN = UUID.randomUUID().toString();

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    String address = TandemEnvironment.get("TANDEM_MACHINE_ADDRESS");
    registry.add("tandem.instance.host-address", () -> address);
    registry.add("dubbo.protocol.host", () -> address);
    registry.add("dubbo.protocol.port", () -> DUBBO_PORT);
    registry.add("dubbo.registry.address", () -> "N/A");
    registry.add("dubbo.provider.token", () -> DUBBO_TOKEN);
    for (int shard = 0; shard < 2; shard++) {
      String prefix = "tandem.member.mysql.shards[" + shard + "].";
      String env = "TANDEM_MYSQL_SHARD_" + shard;
      registry.add(prefix + "primary", () -> TandemEnvironment.get(env));
      registry.add(prefix + "replica", () -> TandemEnvironment.get(env + "_REPLICA"));
      registry.add(prefix + "database", () -> TandemEnvironment.get(env + "_DATABASE"));
    }
    registry.add("tandem.member.mysql.user", () -> TandemEnvironment.get("TANDEM_MYSQL_USER"));
    registry.add(
        "tandem.member.mysql.password", () -> TandemEnvironment.get("TANDEM_MYSQL_PASSWORD"));
    registry.add(
        "tandem.member.mysql.migration-user",
        () -> TandemEnvironment.get("TANDEM_MYSQL_MIGRATION_USER"));
    registry.add(
        "tandem.member.mysql.migration-password",
        () -> TandemEnvironment.get("TANDEM_MYSQL_MIGRATION_PASSWORD"));
    registry.add(
        "tandem.member.cache.sentinels", () -> TandemEnvironment.get("TANDEM_REDIS_SENTINELS"));
    registry.add(
        "tandem.member.cache.master-name", () -> TandemEnvironment.get("TANDEM_REDIS_MASTER_NAME"));
    registry.add(
        "tandem.member.cache.password", () -> TandemEnvironment.get("TANDEM_REDIS_PASSWORD"));
    registry.add(
        "tandem.member.cache.sentinel-password",
        () -> TandemEnvironment.get("TANDEM_REDIS_SENTINEL_PASSWORD"));
    registry.add("spring.kafka.bootstrap-servers", MemberServiceIT::kafka);
    registry.add("tandem.member.outbox.topic", () -> TOPIC);
  }

  /** How long site-service waits for one attempt of a member read. */
  static final Duration READ_BUDGET = Duration.ofMillis(700);

  @Autowired MemberService members;
  @Autowired IdempotencyStore idempotencyStore;
  @Autowired Shards shards;
  @Autowired ObjectMapper json;
  final RedisMaster redis = RedisMaster.ofCluster();

  @Test
  void registersAMemberOnItsEmailsShardAndReadsItBackFromThePrimary() {
    String email = email("ada");

    Member registered = members.register(registration(key(), "Ada", email));

    assertThat(MemberIds.shardOf(registered.id())).isEqualTo(EmailShards.shardOf(email, 2));
    assertThat(registered.level()).isEqualTo(MemberLevel.BASIC);
    assertThat(members.get(registered.id(), true)).isEqualTo(registered);
    assertThat(members.get(registered.id(), false)).isEqualTo(registered);
  }

  @Test
  void rejectsAnEmailAlreadyRegisteredInAnyCase() {
    String email = email("grace");
    members.register(registration(key(), "Grace", email));

    assertThatThrownBy(() -> members.register(registration(key(), "Grace", email.toUpperCase())))
        .isInstanceOf(DuplicateEmailException.class);
  }

  @Test
  void registrationsRacingForOneEmailLetExactlyOneWin() throws Exception {
    String email = email("race");

    List<Object> outcomes =
        race(8, attempt -> members.register(registration(key(), "Racer " + attempt, email)));

    assertThat(outcomes).filteredOn(Member.class::isInstance).hasSize(1);
    assertThat(outcomes)
        .filteredOn(outcome -> !(outcome instanceof Member))
        .hasSize(7)
        .allMatch(DuplicateEmailException.class::isInstance);
    assertThat(rowsOnShard(email, "SELECT COUNT(*) FROM members WHERE email = ?")).isOne();
  }

  @Test
  void replayingARegistrationReturnsTheFirstMemberAndChangesNothing() throws Exception {
    String email = email("linus");
    RegisterMember command = registration(key(), "Linus", email);
    Member first = members.register(command);

    List<Object> replays = race(4, attempt -> members.register(command));

    assertThat(replays).containsOnly(first);
    assertThat(rowsOnShard(email, "SELECT COUNT(*) FROM members WHERE email = ?")).isOne();
    assertThat(
            rowsOnShard(
                email,
                "SELECT COUNT(*) FROM member_outbox WHERE JSON_VALUE(payload, '$.memberId')"
                    + " = (SELECT member_id FROM members WHERE email = ?)"))
        .isOne();
  }

  @Test
  void concurrentFirstUsesOfOneKeyRegisterOnce() throws Exception {
    String email = email("twins");
    RegisterMember command = registration(key(), "Twin", email);

    List<Object> outcomes = race(4, attempt -> members.register(command));

    assertThat(outcomes).allMatch(Member.class::isInstance);
    assertThat(Set.copyOf(outcomes)).hasSize(1);
    assertThat(rowsOnShard(email, "SELECT COUNT(*) FROM members WHERE email = ?")).isOne();
  }

  @Test
  void aRegistrationKeyIsScopedByTheEmailAndRefusedForAnotherNameOrPhone() {
    String key = key();
    String email = email("barbara");
    Member first = members.register(registration(key, "Barbara", email));

    assertThatThrownBy(() -> members.register(registration(key, "Barbara L", email)))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThatThrownBy(
            () ->
                members.register(
                    new RegisterMember(key, "Barbara", email, "+49 30 7654321", PASSWORD)))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    // the password is not part of the request: a replay with another one replays
    assertThat(
            members.register(
                new RegisterMember(key, "Barbara", email, "+49 30 1234567", PASSWORD + "!")))
        .isEqualTo(first);
    // another email is another scope: the same key registers someone else
    assertThat(members.register(registration(key, "Barbara", email("barbara-2"))).id())
        .isNotEqualTo(first.id());
  }

  @Test
  void anAdminReusingAKeyForAMemberOnAnotherShardIsRefused() {
    Member onShard0 = members.register(registration(key(), "Alan", emailOnShard("alan", 0)));
    Member onShard1 = members.register(registration(key(), "Joan", emailOnShard("joan", 1)));
    assertThat(MemberIds.shardOf(onShard0.id())).isZero();
    assertThat(MemberIds.shardOf(onShard1.id())).isOne();
    String key = key();
    String otherKey = key();

    members.addPoints(new AddPoints(key, ADMIN, onShard0.id(), 10, "bonus"));
    members.addPoints(new AddPoints(otherKey, ADMIN, onShard1.id(), 10, "bonus"));

    assertThatThrownBy(
            () -> members.addPoints(new AddPoints(key, ADMIN, onShard1.id(), 10, "bonus")))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThatThrownBy(
            () -> members.addPoints(new AddPoints(otherKey, ADMIN, onShard0.id(), 10, "bonus")))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(members.get(onShard0.id(), true).points()).isEqualTo(10);
    assertThat(members.get(onShard1.id(), true).points()).isEqualTo(10);
  }

  @Test
  void twoCallersUsingTheSameKeyDoNotMeet() {
    Member ada = members.register(registration(key(), "Ada", email("ada-k")));
    Member grace = members.register(registration(key(), "Grace", email("grace-k")));
    String key = key();

    members.addPoints(new AddPoints(key, self(ada), ada.id(), 100, "order"));
    members.addPoints(new AddPoints(key, self(grace), grace.id(), 200, "order"));
    members.addPoints(new AddPoints(key, ADMIN, ada.id(), 300, "goodwill"));

    assertThat(members.get(ada.id(), true).points()).isEqualTo(400);
    assertThat(members.get(grace.id(), true).points()).isEqualTo(200);
  }

  @Test
  void aKeyStaysBoundToItsRequestWhenTheWriteFailedAndRetriesOfItApplyOnce() {
    long unknown = new MemberIds(201, java.time.Clock.systemUTC()).next(0);
    Member member = members.register(registration(key(), "Lynn", email("lynn")));
    String key = key();

    assertThatThrownBy(() -> members.addPoints(new AddPoints(key, ADMIN, unknown, 5, "x")))
        .isInstanceOf(MemberNotFoundException.class);
    assertThatThrownBy(() -> members.addPoints(new AddPoints(key, ADMIN, member.id(), 5, "x")))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(members.get(member.id(), true).points()).isZero();
  }

  @Test
  void keysOlderThanTheRetentionArePurgedAndMayBeUsedAgain() {
    String key = key();
    IdempotencyScope scope = IdempotencyScope.ofCaller(ADMIN);
    Instant longAgo = Instant.now().minus(Duration.ofHours(25));
    IdempotentRequest old =
        IdempotentRequest.of(scope, key, Fingerprint.of("add-points").with("points", 1).build());
    IdempotentRequest other =
        IdempotentRequest.of(scope, key, Fingerprint.of("add-points").with("points", 2).build());
    assertThat(idempotencyStore.bind(old, longAgo)).isEqualTo(old.fingerprint());
    assertThat(idempotencyStore.bind(other, Instant.now())).isEqualTo(old.fingerprint());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                idempotencyStore.purgeCreatedBefore(
                        Instant.now().minus(Duration.ofHours(24)), 1_000)
                    == 0);

    assertThat(idempotencyStore.bind(other, Instant.now())).isEqualTo(other.fingerprint());
  }

  @Test
  void addingPointsIsIdempotentAndRaisesTheLevel() {
    Member member = members.register(registration(key(), "Edsger", email("edsger")));
    AddPoints first = new AddPoints(key(), self(member), member.id(), 1_000, "first order");

    Member silver = members.addPoints(first);
    Member replayed = members.addPoints(first);
    Member gold =
        members.addPoints(new AddPoints(key(), self(member), member.id(), 4_000, "big order"));

    assertThat(silver.points()).isEqualTo(1_000);
    assertThat(silver.level()).isEqualTo(MemberLevel.SILVER);
    assertThat(replayed).isEqualTo(silver);
    assertThat(gold.points()).isEqualTo(5_000);
    assertThat(gold.level()).isEqualTo(MemberLevel.GOLD);
    assertThat(members.get(member.id(), true)).isEqualTo(gold);
    assertThatThrownBy(
            () ->
                members.addPoints(
                    new AddPoints(first.idempotencyKey(), self(member), member.id(), 5, "another")))
        .isInstanceOf(IdempotencyKeyReusedException.class);
  }

  @Test
  void concurrentReplaysOfAddPointsApplyItOnce() throws Exception {
    Member member = members.register(registration(key(), "Tony", email("tony")));
    AddPoints command = new AddPoints(key(), ADMIN, member.id(), 300, "order");

    List<Object> outcomes = race(4, attempt -> members.addPoints(command));

    assertThat(Set.copyOf(outcomes)).hasSize(1);
    assertThat(members.get(member.id(), true).points()).isEqualTo(300);
  }

  @Test
  void addingPointsDropsTheCachedProfile() {
    Member member = members.register(registration(key(), "Frances", email("frances")));
    readThrough(member);

    members.addPoints(new AddPoints(key(), self(member), member.id(), 1_200, "order"));

    // After the commit, or (when Redis failed to answer in time) by a retry soon after.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(cached(member.id())).as("invalidated").isNull());
    assertThat(members.get(member.id(), false).points()).isEqualTo(1_200);
  }

  @Test
  void readsAnswerFromMySqlWithinSiteServicesBudgetWhileRedisDoesNotAnswer() {
    Member member = members.register(registration(key(), "Barbara", email("barbara-l")));
    readThrough(member);

    redis.stopAnswering(Duration.ofSeconds(1));
    List<Duration> reads = new ArrayList<>();
    for (int read = 0; read < 3; read++) {
      long start = System.nanoTime();
      assertThat(members.get(member.id(), false)).isEqualTo(member);
      reads.add(Duration.ofNanos(System.nanoTime() - start));
    }
    redis.awaitAnswering();

    assertThat(reads).allSatisfy(read -> assertThat(read).isLessThan(READ_BUDGET));
    redis.delete("member:" + member.id());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              members.get(member.id(), false);
              assertThat(cached(member.id())).as("the cache is used again").isNotNull();
            });
  }

  @Test
  void consumersGetMembersAndContractExceptionsOverDubbo() {
    ReferenceConfig<MemberService> reference = direct(directUrl() + "?token=" + DUBBO_TOKEN);
    MemberService remote = reference.get();
    try {
      String email = email("remote");
      Member registered = remote.register(registration(key(), "Remote", email));

      assertThat(remote.get(registered.id(), true)).isEqualTo(registered);
      assertThatThrownBy(() -> remote.register(registration(key(), "Remote", email)))
          .isInstanceOf(DuplicateEmailException.class);
      String key = key();
      remote.addPoints(new AddPoints(key, ADMIN, registered.id(), 1, "remote"));
      assertThatThrownBy(
              () -> remote.addPoints(new AddPoints(key, ADMIN, registered.id(), 2, "remote")))
          .isInstanceOf(IdempotencyKeyReusedException.class);
    } finally {
      reference.destroy();
    }
  }

  @Test
  void unknownMembersAreNotFound() {
    long unknown = new MemberIds(200, java.time.Clock.systemUTC()).next(1);

    assertThatThrownBy(() -> members.get(unknown, true))
        .isInstanceOf(MemberNotFoundException.class);
    assertThatThrownBy(() -> members.addPoints(new AddPoints(key(), ADMIN, unknown, 1, "x")))
        .isInstanceOf(MemberNotFoundException.class);
  }

  @Test
  void theRelayPublishesExactlyTheCommittedRegistrations() {
    String marker = "relay-" + RUN;
    List<Member> registered = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      registered.add(members.register(registration(key(), "Relay " + i, email(marker + i))));
    }
    assertThatThrownBy(() -> members.register(registration(key(), "Copy", email(marker + 0))))
        .isInstanceOf(DuplicateEmailException.class);

    Set<Long> ids = registered.stream().map(Member::id).collect(Collectors.toSet());
    Map<Long, JsonNode> seen = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of(TOPIC));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                consumer
                    .poll(Duration.ofMillis(500))
                    .forEach(
                        record -> {
                          JsonNode event = read(record.value());
                          if (ids.contains(event.get("memberId").asLong())) {
                            assertThat(record.key()).isEqualTo(event.get("memberId").asText());
                            seen.put(event.get("memberId").asLong(), event);
                          }
                        });
                assertThat(seen.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                        registered.stream().map(Member::id).toList());
              });
    }
    assertThat(seen.values().stream().map(event -> event.get("eventId").asText()))
        .doesNotHaveDuplicates();
    // Ids only: no personal data in a topic that many read and none can make forget.
    assertThat(seen.values())
        .allSatisfy(
            event ->
                assertThat(event.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("eventId", "memberId", "registeredAt"));
  }

  @AfterAll
  void removeWhatThisRunWrote() throws Exception {
    for (int shard = 0; shard < shards.count(); shard++) {
      JdbcClient jdbc = JdbcClient.create(shards.primary(shard));
      String like = "%@" + RUN + ".tandem.test";
      jdbc.sql("DELETE FROM members WHERE email LIKE ?").param(like).update();
      jdbc.sql("DELETE FROM member_emails WHERE email LIKE ?").param(like).update();
      for (String table : List.of("idempotency_keys", "idempotency_answers")) {
        jdbc.sql("DELETE FROM " + table + " WHERE idempotency_key LIKE ?")
            .param(RUN + "-%")
            .update();
      }
      jdbc.sql("DELETE FROM member_outbox WHERE topic = ?").param(TOPIC).update();
    }
    redis.close();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()))) {
      admin.deleteTopics(List.of(TOPIC)).all().get();
    }
  }

  private static int freePort() {
    try (ServerSocket socket =
        new ServerSocket(
            0, 1, InetAddress.getByName(TandemEnvironment.get("TANDEM_MACHINE_ADDRESS")))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on the cluster address", e);
    }
  }

  private static String kafka() {
    return TandemEnvironment.get("TANDEM_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void refusesACallerThatDialsTheProviderWithoutItsToken() {
    for (String url : List.of(directUrl(), directUrl() + "?token=guessed")) {
      ReferenceConfig<MemberService> reference = direct(url);
      try {
        MemberService remote = reference.get();
        assertThatThrownBy(() -> remote.get(1, false))
            .isInstanceOf(RpcException.class)
            .hasMessageContaining("Invalid token");
      } finally {
        reference.destroy();
      }
    }
  }

  @Test
  void signsInWithTheEmailInAnyCaseAndTheRegisteredPassword() {
    String email = email("signin");
    Member member = members.register(registration(key(), "Hedy", email));

    assertThat(members.signIn(new SignIn(email.toUpperCase(), PASSWORD))).isEqualTo(member.id());
    assertThatThrownBy(() -> members.signIn(new SignIn(email, PASSWORD + "x")))
        .isInstanceOf(SignInRefusedException.class);
    assertThatThrownBy(() -> members.signIn(new SignIn(email("nobody"), PASSWORD)))
        .isInstanceOf(SignInRefusedException.class);
  }

  @Test
  void storesOnlyABcryptHashOfThePassword() {
    String email = email("hash");
    members.register(registration(key(), "Radia", email));

    String stored =
        JdbcClient.create(shards.primary(EmailShards.shardOf(email, shards.count())))
            .sql("SELECT password_hash FROM member_emails WHERE email = ?")
            .param(email)
            .query(String.class)
            .single();
    assertThat(stored).startsWith("$2a$10$").doesNotContain(PASSWORD);
  }

  /**
   * Dubbo's validation on the provider (the platform's contract validation): a consumer that skips
   * its own check still gets each broken constraint, as a JDK exception it can read, and nothing is
   * stored. The in-process bean above is not behind Dubbo, so this goes over the wire.
   */
  @Test
  void theProviderRefusesCommandsThatBreakTheirContractOverDubbo() {
    ReferenceConfig<MemberService> reference = direct(directUrl() + "?token=" + DUBBO_TOKEN);
    MemberService remote = reference.get();
    try {
      String email = email("kj");
      assertThatThrownBy(
              () ->
                  remote.register(
                      new RegisterMember(
                          key(), "Katherine Johnson", email, "+49 30 1234567", "johnson-2026!")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("password must not contain your name");
      assertThatThrownBy(
              () ->
                  remote.register(
                      new RegisterMember(key(), " ", email, "+49 30 1234567", PASSWORD)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("name must not be blank");
      assertThatThrownBy(() -> remote.addPoints(new AddPoints(key(), ADMIN, 1L, 0, "x\u0000")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("points must be greater than or equal to 1")
          .hasMessageContaining("reason must be at most 200 characters");
      assertThatThrownBy(() -> remote.signIn(null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("SignIn is required");

      assertThat(remote.register(registration(key(), "Katherine Johnson", email)).email())
          .as("the refused registrations stored nothing: the email is still free")
          .isEqualTo(email);
    } finally {
      reference.destroy();
    }
  }

  /** A consumer of this instance's provider alone, without the registry: no retry elsewhere. */
  private static ReferenceConfig<MemberService> direct(String url) {
    ReferenceConfig<MemberService> reference = new ReferenceConfig<>();
    reference.setInterface(MemberService.class);
    reference.setUrl(url);
    reference.setRetries(0);
    // what the provider publishes through the registry, which a direct URL bypasses (default 1 s)
    reference.setTimeout(3_000);
    return reference;
  }

  private static String directUrl() {
    return "dubbo://" + TandemEnvironment.get("TANDEM_MACHINE_ADDRESS") + ":" + DUBBO_PORT;
  }

  private static String key() {
    return RUN + "-" + UUID.randomUUID();
  }

  private static String email(String name) {
    return name + "@" + RUN + ".tandem.test";
  }

  /** An email of this run that lives on {@code shard}. */
  private static String emailOnShard(String name, int shard) {
    return java.util.stream.IntStream.range(0, 1_000)
        .mapToObj(i -> email(name + "-" + i))
        .filter(email -> EmailShards.shardOf(email, 2) == shard)
        .findFirst()
        .orElseThrow();
  }

  /** The token subject of a member acting for themselves. */
  private static String self(Member member) {
    return Long.toString(member.id());
  }

  private static RegisterMember registration(String key, String name, String email) {
    return new RegisterMember(key, name, email, "+49 30 1234567", PASSWORD);
  }

  private long rowsOnShard(String email, String countSql) {
    int shard = EmailShards.shardOf(email, shards.count());
    return JdbcClient.create(shards.primary(shard))
        .sql(countSql)
        .param(EmailShards.normalize(email))
        .query(Long.class)
        .single();
  }

  private String cached(long memberId) {
    return redis.get("member:" + memberId);
  }

  /** Reads the member until a read has filled the cache (a read skips it after a Redis hiccup). */
  private void readThrough(Member member) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(members.get(member.id(), false)).isEqualTo(member);
              assertThat(cached(member.id())).as("read-through fills the cache").isNotNull();
            });
  }

  private JsonNode read(String value) {
    try {
      return json.readTree(value);
    } catch (Exception e) {
      throw new AssertionError("event is not JSON: " + value, e);
    }
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "member-service-it-" + RUN);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Runs {@code attempts} calls at once; each outcome is the result or the exception thrown. */
  private static List<Object> race(int attempts, Attempt attempt) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Object>> outcomes = new ArrayList<>();
      for (int i = 0; i < attempts; i++) {
        int number = i;
        Callable<Object> call =
            () -> {
              start.await();
              try {
                return attempt.run(number);
              } catch (RuntimeException e) {
                return e;
              }
            };
        outcomes.add(threads.submit(call));
      }
      start.countDown();
      List<Object> results = new ArrayList<>();
      for (Future<Object> outcome : outcomes) {
        results.add(
            outcome.get(
                Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
      }
      return results;
    }
  }

  @FunctionalInterface
  private interface Attempt {
    Object run(int attempt);
  }
}
