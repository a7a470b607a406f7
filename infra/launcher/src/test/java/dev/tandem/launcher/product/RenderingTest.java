package dev.tandem.launcher.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.launcher.cluster.Cluster;
import dev.tandem.launcher.cluster.Context;
import dev.tandem.launcher.cluster.Endpoints;
import dev.tandem.launcher.cluster.Product.Facts;
import dev.tandem.launcher.cluster.Supervisor;
import dev.tandem.launcher.cluster.Topology;
import dev.tandem.launcher.cluster.Topology.Instance;
import dev.tandem.launcher.product.service.Service;
import dev.tandem.launcher.secrets.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** Renders every template for every instance of both profiles, as {@code up} would. */
public class RenderingTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  private static Context context(String profile) {
    Topology topology =
        Topology.load(ROOT.resolve("infra/topology.yml"), profile, Optional.empty());
    Cluster cluster = new Cluster(ROOT, "rendertest", topology);
    return Products.context(cluster);
  }

  private static Map<String, String> render(Context context, String instance) {
    Instance target = context.topology().require(instance);
    Facts facts = Facts.fixed(Map.of());
    return context.product(target.component()).render(context, target, facts);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void everyTemplateRendersForEveryInstanceWithNothingLeftUnfilled(String profile) {
    Context context = context(profile);
    for (Instance instance : context.topology().instances()) {
      if (instance.product().equals("service")) {
        continue; // configured through its environment, not files
      }
      Map<String, String> files = render(context, instance.name());

      assertThat(files).as(instance.name()).isNotEmpty();
      files.forEach(
          (name, text) -> assertThat(text).as(instance.name() + " " + name).doesNotContain("{{"));
    }
  }

  @Test
  void zooKeeperServersKnowTheWholeEnsemble() {
    String zoo = render(context("ha"), "zookeeper-2").get("zoo.cfg");

    assertThat(zoo)
        .contains("server.1=10.247.0.11:2888:3888")
        .contains("server.2=10.247.0.12:2888:3888")
        .contains("server.3=10.247.0.13:2888:3888")
        .contains("clientPortAddress=10.247.0.12");
  }

  @Test
  void kafkaReplicatesThreeTimesInHaAndOnceInLite() {
    String ha = render(context("ha"), "kafka-2").get("server.properties");
    String lite = render(context("lite"), "kafka-1").get("server.properties");

    assertThat(ha)
        .contains("node.id=2")
        .contains(
            "controller.quorum.voters=1@10.247.0.21:9093,2@10.247.0.22:9093,3@10.247.0.23:9093")
        .contains("CONTROLLER://10.247.0.22:9093")
        .contains("default.replication.factor=3")
        .contains("min.insync.replicas=2")
        .contains("unclean.leader.election.enable=false");
    assertThat(lite).contains("default.replication.factor=1").contains("min.insync.replicas=1");
  }

  @Test
  void redisReplicasFollowTheCurrentMasterAndTheMasterFollowsNobody() {
    Context ha = context("ha");

    assertThat(render(ha, "redis-1").get("redis.conf")).doesNotContain("replicaof 10.");
    assertThat(render(ha, "redis-3").get("redis.conf")).contains("replicaof 10.247.0.31 6379");
  }

  @Test
  void aMasterWithReplicasStopsTakingWritesWhenItHearsFromNoneAndTheLoneServerOfLiteNever() {
    for (String server : List.of("redis-1", "redis-2")) {
      assertThat(render(context("ha"), server).get("redis.conf"))
          .containsPattern("(?m)^min-replicas-to-write 1$")
          .containsPattern("(?m)^min-replicas-max-lag 1$");
    }
    assertThat(render(context("lite"), "redis-1").get("redis.conf"))
        .containsPattern("(?m)^min-replicas-to-write 0$");
  }

  @Test
  void sentinelWaitsLongerBeforePromotingThanACutOffMasterKeepsTakingWrites() {
    Context ha = context("ha");
    int maxLagSeconds = setting(render(ha, "redis-1").get("redis.conf"), "min-replicas-max-lag");
    int downAfterMillis =
        setting(
            render(ha, "sentinel-1").get("sentinel.conf"),
            "sentinel down-after-milliseconds tandem");
    // Lag is counted in whole seconds and recounted once a second: the master refuses writes at the
    // latest (max-lag + 2) s after the last acknowledgement it got from a replica.
    int lastWriteMillis = (maxLagSeconds + 2) * 1_000;

    assertThat(downAfterMillis).isGreaterThanOrEqualTo(lastWriteMillis + 1_000);
  }

  private static int setting(String config, String name) {
    Matcher value = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(config);
    assertThat(value.find()).as(name).isTrue();
    return Integer.parseInt(value.group(1));
  }

  @Test
  void sentinelsWatchTheMasterWithAMajorityQuorum() {
    assertThat(render(context("ha"), "sentinel-2").get("sentinel.conf"))
        .contains("sentinel monitor tandem 10.247.0.31 6379 2");
    assertThat(render(context("lite"), "sentinel-1").get("sentinel.conf"))
        .contains("sentinel monitor tandem 10.247.0.31 6379 1");
  }

  @Test
  void sentinelKeepsItsIdentityAcrossRenders() {
    Context ha = context("ha");

    assertThat(render(ha, "sentinel-1").get("sentinel.conf"))
        .isEqualTo(render(ha, "sentinel-1").get("sentinel.conf"))
        .isNotEqualTo(render(ha, "sentinel-2").get("sentinel.conf"));
  }

  @Test
  void elasticsearchFormsAClusterInHaAndRunsSingleNodeInLite() {
    assertThat(render(context("ha"), "elasticsearch-1").get("elasticsearch.yml"))
        .containsPattern("discovery.seed_hosts: \\[(\"[0-9.]+:9300\"(, )?){3}]")
        .contains("transport.port: 9300")
        .contains(
            "cluster.initial_master_nodes: [\"elasticsearch-1\", \"elasticsearch-2\", \"elasticsearch-3\"]")
        .contains("http.host: 10.247.0.41");
    assertThat(render(context("lite"), "elasticsearch-1").get("elasticsearch.yml"))
        .contains("discovery.type: single-node");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "ha"})
  void renderedElasticsearchConfigIsValidYaml(String profile) {
    String yaml = render(context(profile), "elasticsearch-1").get("elasticsearch.yml");

    Map<String, Object> settings = new Yaml().load(yaml);

    assertThat(settings)
        .containsEntry("node.name", "elasticsearch-1")
        .containsKey("transport.host");
  }

  @Test
  void mysqlServersStartReadOnlyInHaAndEachShardHoldsItsOwnSchema() {
    Context ha = context("ha");
    Map<String, String> replica = render(ha, "mysql-1-2");

    assertThat(replica.get("my.cnf"))
        .containsPattern("server_id\\s+= 202")
        .containsPattern("read_only\\s+= ON");
    assertThat(replica.get("bootstrap.sql")).contains("`tandem_1`").doesNotContain("`tandem_0`");
  }

  @Test
  void liteHoldsBothShardsSchemasOnOneWritableServer() {
    Map<String, String> server = render(context("lite"), "mysql-0-1");

    assertThat(server.get("my.cnf")).containsPattern("read_only\\s+= OFF");
    assertThat(server.get("bootstrap.sql")).contains("`tandem_0`").contains("`tandem_1`");
  }

  @Test
  void theServicesUserGetsRowsOnlyAndTheMigrationUserTheSchema() {
    String sql = render(context("ha"), "mysql-0-1").get("bootstrap.sql");

    assertThat(sql)
        .contains("GRANT SELECT, INSERT, UPDATE, DELETE ON `tandem_0`.* TO 'tandem'@'localhost';")
        .contains("GRANT ALL ON `tandem_0`.* TO 'tandem_migrate'@'localhost';")
        .doesNotContain("GRANT ALL ON `tandem_0`.* TO 'tandem'@")
        .doesNotContain("{{");
  }

  @Test
  void nginxSendsTrafficToEveryGatewaySlot() {
    assertThat(render(context("ha"), "nginx-2").get("nginx.conf"))
        .contains("server 10.247.0.71:8080")
        .contains("server 10.247.0.72:8080")
        .contains("proxy_next_upstream error timeout");
  }

  @Test
  @SuppressWarnings("unchecked")
  void nginxWithoutGatewaysMarksItsUpstreamDownRatherThanLeavingItEmpty(@TempDir Path dir)
      throws IOException {
    Yaml yaml = new Yaml();
    Map<String, Object> root = yaml.load(Files.readString(ROOT.resolve("infra/topology.yml")));
    for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
      if (group.get("host").equals("gateway-{n}")) {
        group.put("count", Map.of("lite", 0, "ha", 0));
      }
    }
    Path topology = Files.writeString(dir.resolve("topology.yml"), yaml.dump(root));
    Cluster cluster =
        new Cluster(ROOT, "rendertest", Topology.load(topology, "ha", Optional.empty()));
    Context context = Products.context(cluster);

    assertThat(render(context, "nginx-1").get("nginx.conf"))
        .contains("server 127.0.0.1:9 down;")
        .doesNotContain("max_fails=2");
  }

  @Test
  void nginxAnswersEveryErrorOfItsOwnWithAProblem() {
    String conf = render(context("ha"), "nginx-1").get("nginx.conf");
    for (String status : List.of("400", "404", "405", "408", "413", "414", "500", "503", "504")) {
      assertThat(conf)
          .contains("error_page " + status + " /_problems/" + status + ";")
          .containsPattern(
              "location = /_problems/"
                  + status
                  + " \\{\\s+internal;\\s+default_type application/problem\\+json;");
    }
    assertThat(conf)
        .contains("error_page 494 =431 /_problems/431;")
        .contains("error_page 502 =503 /_problems/503;")
        .doesNotContain("about:blank");
  }

  @Test
  void keepalivedPairsEachVipWithItsPeerAndItsOwnRouterId() {
    Context ha = context("ha");
    String lb = render(ha, "keepalived-2").get("keepalived-lb.conf");
    String shard = render(ha, "keepalived-mysql-0-2").get("keepalived-mysql.conf");

    assertThat(lb)
        .contains("virtual_router_id 250")
        .contains("10.247.0.250/24")
        .contains("10.247.0.61");
    assertThat(shard)
        .contains("virtual_router_id 251")
        .contains("10.247.0.251/24")
        .contains("10.247.0.51");
    assertThat(render(ha, "keepalived-mysql-1-1").get("keepalived-mysql.conf"))
        .contains("virtual_router_id 252")
        .contains("10.247.0.252/24");
  }

  @Test
  void keepalivedHoldsAShardVipOnlyWhereTheGuardOfThatHostSaysTheWriterIs() {
    Context ha = context("ha");
    String shard = render(ha, "keepalived-mysql-1-2").get("keepalived-mysql.conf");
    String guardRun = ha.cluster().run(ha.topology().require("mysql-guard-1-2")).toString();

    assertThat(shard)
        .contains("file " + guardRun + "/writer")
        .contains("mysql-check.sh " + guardRun + "/writer")
        .doesNotContain("notify_master \"");
  }

  @Test
  void eachGuardKnowsItsServerItsPeerAndItsShardsKey() {
    Context ha = context("ha");
    String guard = render(ha, "mysql-guard-0-2").get("guard.properties");

    assertThat(guard)
        .contains("server.name=mysql-0-2")
        .contains("server.address=10.247.0.52")
        .contains("peer.name=mysql-0-1")
        .contains("peer.address=10.247.0.51")
        .contains("key.path=/tandem/mysql/shard-0/leader")
        .contains("zookeeper.connect=10.247.0.11:2181,10.247.0.12:2181,10.247.0.13:2181");
    assertThat(ha.topology().of("mysql-guard")).hasSize(4);
    assertThat(context("lite").topology().of("mysql-guard")).isEmpty();
  }

  @Test
  void mysqlTakesTheGuardsRecoverySettingsAndWaitsLongerForAcksThanAFenceTakes() {
    String cnf = render(context("ha"), "mysql-0-1").get("my.cnf");

    assertThat(cnf)
        .containsPattern("bind_address\\s+= 0\\.0\\.0\\.0")
        .containsPattern("rpl_semi_sync_master_timeout\\s+= 5000")
        .contains(
            "!include "
                + context("ha").cluster().run(context("ha").topology().require("mysql-0-1"))
                + "/recovery.cnf");
  }

  @Test
  void servicesRunFromTheClustersCopyOfTheirJarNeverFromTheBuildOutput() {
    Context ha = context("ha");
    Instance member = ha.topology().require("member-2");

    Supervisor.Program program = ha.product("member-service").program(ha, member);

    // the jar (the cluster's copy, or its extracted form with an AOT cache) is chosen at each
    // start: prepare() writes it into the argument file the command ends with
    assertThat(program.command())
        .endsWith("@" + ha.cluster().run(member).resolve("launch.args"))
        .doesNotContain(Service.jar(ha.cluster(), "member-service").toString());
    assertThat(program.environment())
        .containsEntry("TANDEM_HOST_ADDRESS", "10.247.0.92")
        .containsEntry("SERVER_PORT", "8080")
        .containsEntry("MANAGEMENT_SERVER_PORT", "8081")
        .containsKey("TANDEM_KAFKA_BOOTSTRAP_SERVERS")
        // natively a started instance yields the CPU until it can be found, then takes it back
        .containsEntry("TANDEM_NICE_WHEN_SERVING", "0");
  }

  @Test
  void onlyTheGatewayCompilesWithC2() {
    Context ha = context("ha");

    for (String name : List.of("member-1", "promotion-2", "site-1")) {
      Instance service = ha.topology().require(name);
      assertThat(ha.product(service.component()).program(ha, service).command())
          .as(name)
          .contains("-XX:TieredStopAtLevel=1")
          .doesNotContain("-XX:TieredStopAtLevel=4");
    }
    Instance gateway = ha.topology().require("gateway-2");
    assertThat(ha.product("gateway").program(ha, gateway).command())
        .contains("-XX:TieredStopAtLevel=4")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void envPointsLiteAtItsHostsAndHaAtItsVips() {
    assertThat(Endpoints.of(context("lite")).lines())
        .contains("TANDEM_URL=http://10.247.0.61")
        .contains("TANDEM_MYSQL_SHARD_1=10.247.0.51:3306")
        .contains("TANDEM_MYSQL_SHARD_1_DATABASE=tandem_1");
    assertThat(Endpoints.of(context("ha")).lines())
        .contains("TANDEM_URL=http://10.247.0.250")
        .contains("TANDEM_MYSQL_SHARD_0=10.247.0.251:3306")
        .contains("TANDEM_MYSQL_SHARD_1=10.247.0.252:3306")
        .contains(
            "TANDEM_KAFKA_BOOTSTRAP_SERVERS=10.247.0.21:9092,10.247.0.22:9092,10.247.0.23:9092");
  }

  @Test
  void envNamesTheKeysOfTheClusterAndProfileAndWhatItsTokensSay() {
    Path state = ROOT.resolve(".tandem/rendertest");

    assertThat(Endpoints.of(context("lite")).lines())
        .contains("TANDEM_JWT_KEYS=" + state.resolve("data/lite/jwt"))
        .contains("TANDEM_JWT_ISSUER=urn:tandem:rendertest")
        .contains("TANDEM_JWT_AUDIENCE=tandem-api");
    assertThat(Endpoints.of(context("ha")).lines())
        .contains("TANDEM_JWT_KEYS=" + state.resolve("data/ha/jwt"));
  }

  @Test
  void servicesGetTheTokenSettingsInTheirEnvironment() {
    Context ha = context("ha");

    assertThat(
            ha.product("site-service").program(ha, ha.topology().require("site-1")).environment())
        .containsEntry("TANDEM_JWT_KEYS", ROOT.resolve(".tandem/rendertest/data/ha/jwt").toString())
        .containsEntry("TANDEM_JWT_ISSUER", "urn:tandem:rendertest")
        .containsEntry("TANDEM_JWT_AUDIENCE", "tandem-api");
  }

  @Test
  void aServiceIsGivenOnlyThePasswordsOfWhatItUses() {
    Context ha = context("ha");

    assertThat(
            ha.product("site-service")
                .program(ha, ha.topology().require("site-1"))
                .environment()
                .keySet())
        .noneMatch(key -> key.endsWith("_PASSWORD"));
    assertThat(ha.product("gateway").program(ha, ha.topology().require("gateway-1")).environment())
        .containsKeys("TANDEM_REDIS_PASSWORD", "TANDEM_REDIS_SENTINEL_PASSWORD")
        .doesNotContainKey("TANDEM_MYSQL_PASSWORD");
    assertThat(
            ha.product("member-service")
                .program(ha, ha.topology().require("member-1"))
                .environment())
        .containsKeys(
            "TANDEM_MYSQL_PASSWORD", "TANDEM_MYSQL_MIGRATION_PASSWORD", "TANDEM_REDIS_PASSWORD");
    assertThat(
            ha.product("promotion-service")
                .program(ha, ha.topology().require("promotion-1"))
                .environment())
        .containsKey("TANDEM_MYSQL_PASSWORD")
        .doesNotContainKey("TANDEM_REDIS_PASSWORD");
  }

  @Test
  void redisAndTheSentinelsAskForTheClustersPasswords() {
    Context ha = context("ha");
    Secrets secrets = Secrets.of(ha.cluster());

    assertThat(render(ha, "redis-2").get("redis.conf"))
        .contains("requirepass " + secrets.redis())
        .contains("masterauth " + secrets.redis());
    assertThat(render(ha, "sentinel-1").get("sentinel.conf"))
        .contains("sentinel auth-pass tandem " + secrets.redis())
        .contains("requirepass " + secrets.sentinel())
        .contains("sentinel sentinel-pass " + secrets.sentinel());
  }
}
