package dev.tandem.member.shard;

import java.util.Collection;
import java.util.Properties;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.sharding.api.sharding.standard.PreciseShardingValue;
import org.apache.shardingsphere.sharding.api.sharding.standard.RangeShardingValue;
import org.apache.shardingsphere.sharding.api.sharding.standard.StandardShardingAlgorithm;

/**
 * The ShardingSphere algorithms that send a row to its shard's data source ({@code ds_N}): one per
 * kind of sharding column. A range (never used by this service) goes to every shard.
 */
public abstract class ShardRouting implements StandardShardingAlgorithm<Comparable<?>> {

  static String dataSourceName(int shard) {
    return "ds_" + shard;
  }

  static AlgorithmConfiguration configuration(Class<? extends ShardRouting> algorithm) {
    Properties props = new Properties();
    props.setProperty("strategy", "STANDARD");
    props.setProperty("algorithmClassName", algorithm.getName());
    return new AlgorithmConfiguration("CLASS_BASED", props);
  }

  abstract int shardOf(Comparable<?> value, int shardCount);

  @Override
  public String doSharding(
      Collection<String> dataSources, PreciseShardingValue<Comparable<?>> sharding) {
    String target = dataSourceName(shardOf(sharding.getValue(), dataSources.size()));
    if (!dataSources.contains(target)) {
      throw new IllegalStateException(
          sharding.getColumnName() + " " + sharding.getValue() + " belongs to unknown " + target);
    }
    return target;
  }

  @Override
  public Collection<String> doSharding(
      Collection<String> dataSources, RangeShardingValue<Comparable<?>> sharding) {
    return dataSources;
  }

  /** Member ids and outbox event ids carry their shard in their bits. */
  public static final class ByIdBits extends ShardRouting {
    @Override
    int shardOf(Comparable<?> value, int shardCount) {
      return MemberIds.shardOf(((Number) value).longValue());
    }
  }

  /** The email uniqueness row lives on the email's shard, as its member does. */
  public static final class ByEmail extends ShardRouting {
    @Override
    int shardOf(Comparable<?> value, int shardCount) {
      return EmailShards.shardOf((String) value, shardCount);
    }
  }

  /** Rows that name their shard outright (the records of idempotent writes). */
  public static final class ByShardNumber extends ShardRouting {
    @Override
    int shardOf(Comparable<?> value, int shardCount) {
      return ((Number) value).intValue();
    }
  }
}
