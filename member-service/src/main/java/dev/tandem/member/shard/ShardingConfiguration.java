package dev.tandem.member.shard;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.platform.instance.InstanceIdentity;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.readwritesplitting.config.ReadwriteSplittingRuleConfiguration;
import org.apache.shardingsphere.readwritesplitting.config.rule.ReadwriteSplittingDataSourceGroupRuleConfiguration;
import org.apache.shardingsphere.readwritesplitting.transaction.TransactionalReadQueryStrategy;
import org.apache.shardingsphere.sharding.api.config.ShardingRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.rule.ShardingTableRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.strategy.sharding.StandardShardingStrategyConfiguration;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the ShardingSphere-JDBC data source in Java rather than from its YAML, so the endpoints
 * come from Spring's environment (and so from {@code TANDEM_*} variables) like every other setting.
 *
 * <p>Per shard N there are two pools, {@code ds_N_primary} and {@code ds_N_replica}, joined in a
 * read/write-splitting group {@code ds_N}: writes, reads inside a transaction and reads under
 * {@code HintManager.setWriteRouteOnly()} go to the primary, other reads to the replica. The tables
 * are sharded over the groups by the algorithms in {@link ShardRouting}.
 *
 * <p>Flyway migrates each primary before ShardingSphere starts, because ShardingSphere reads the
 * tables' metadata when it starts. It connects as the migration user: the pools' user may only read
 * and write rows.
 */
@Configuration(proxyBeanMethods = false)
class ShardingConfiguration {

  static final String LOGICAL_DATABASE = "member";

  @Bean(destroyMethod = "close")
  Shards shards(MysqlSettings mysql) {
    List<HikariDataSource> primaries = new ArrayList<>();
    List<HikariDataSource> replicas = new ArrayList<>();
    for (int shard = 0; shard < mysql.shards().size(); shard++) {
      MysqlSettings.Shard settings = mysql.shards().get(shard);
      primaries.add(
          pool(mysql, dataSourceName(shard) + "_primary", settings.primaryUrl(mysql.sslMode())));
      replicas.add(
          pool(mysql, dataSourceName(shard) + "_replica", settings.replicaUrl(mysql.sslMode())));
    }
    Shards shards = new Shards(primaries, replicas);
    for (int shard = 0; shard < shards.count(); shard++) {
      Flyway.configure()
          .dataSource(
              mysql.shards().get(shard).primaryUrl(mysql.sslMode()),
              mysql.migrationUser(),
              mysql.migrationPassword())
          .locations("classpath:db/migration")
          .load()
          .migrate();
    }
    return shards;
  }

  @Bean
  DataSource dataSource(Shards shards) throws SQLException {
    Map<String, DataSource> pools = new LinkedHashMap<>();
    List<ReadwriteSplittingDataSourceGroupRuleConfiguration> groups = new ArrayList<>();
    for (int shard = 0; shard < shards.count(); shard++) {
      String group = dataSourceName(shard);
      pools.put(group + "_primary", shards.primary(shard));
      pools.put(group + "_replica", shards.replica(shard));
      groups.add(
          new ReadwriteSplittingDataSourceGroupRuleConfiguration(
              group,
              group + "_primary",
              List.of(group + "_replica"),
              TransactionalReadQueryStrategy.PRIMARY,
              "round_robin"));
    }
    ReadwriteSplittingRuleConfiguration readwriteSplitting =
        new ReadwriteSplittingRuleConfiguration(
            groups,
            Map.of("round_robin", new AlgorithmConfiguration("ROUND_ROBIN", new Properties())));

    ShardingRuleConfiguration sharding = new ShardingRuleConfiguration();
    sharding.getTables().add(table("members", "member_id", "by_id", shards));
    sharding.getTables().add(table("member_outbox", "event_id", "by_id", shards));
    sharding.getTables().add(table("member_emails", "email", "by_email", shards));
    sharding.getTables().add(table("idempotency_answers", "shard", "by_shard", shards));
    sharding
        .getShardingAlgorithms()
        .put("by_id", ShardRouting.configuration(ShardRouting.ByIdBits.class));
    sharding
        .getShardingAlgorithms()
        .put("by_email", ShardRouting.configuration(ShardRouting.ByEmail.class));
    sharding
        .getShardingAlgorithms()
        .put("by_shard", ShardRouting.configuration(ShardRouting.ByShardNumber.class));

    return ShardingSphereDataSourceFactory.createDataSource(
        LOGICAL_DATABASE, null, pools, List.of(readwriteSplitting, sharding), new Properties());
  }

  @Bean
  MemberIds memberIds(InstanceIdentity instance) {
    return new MemberIds(instance.worker(), Clock.systemUTC());
  }

  private static ShardingTableRuleConfiguration table(
      String table, String column, String algorithm, Shards shards) {
    String dataNodes =
        String.join(
            ",",
            IntStream.range(0, shards.count())
                .mapToObj(shard -> dataSourceName(shard) + "." + table)
                .toList());
    ShardingTableRuleConfiguration rule = new ShardingTableRuleConfiguration(table, dataNodes);
    rule.setDatabaseShardingStrategy(new StandardShardingStrategyConfiguration(column, algorithm));
    return rule;
  }

  private static String dataSourceName(int shard) {
    return ShardRouting.dataSourceName(shard);
  }

  private static HikariDataSource pool(MysqlSettings mysql, String name, String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(url);
    pool.setUsername(mysql.user());
    pool.setPassword(mysql.password());
    pool.setMaximumPoolSize(mysql.poolSize());
    pool.setMinimumIdle(1);
    // Fail fast on a dead server: the caller retries elsewhere (every write is idempotent).
    pool.setConnectionTimeout(3_000);
    return pool;
  }
}
