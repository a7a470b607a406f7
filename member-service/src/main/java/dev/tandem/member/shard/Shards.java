package dev.tandem.member.shard;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.shardingsphere.infra.hint.HintManager;

/**
 * The physical connection pools of every shard, for the work that is per shard by nature: schema
 * migrations and the outbox relay. Everything else goes through the ShardingSphere data source.
 */
public final class Shards implements AutoCloseable {

  private final List<HikariDataSource> primaries;
  private final List<HikariDataSource> replicas;

  Shards(List<HikariDataSource> primaries, List<HikariDataSource> replicas) {
    this.primaries = List.copyOf(primaries);
    this.replicas = List.copyOf(replicas);
  }

  public int count() {
    return primaries.size();
  }

  /** Whether the id's shard bits name one of these shards (ids from elsewhere may not). */
  public boolean owns(long memberId) {
    return MemberIds.shardOf(memberId) < count();
  }

  /** The writable server of shard {@code shard}. */
  public DataSource primary(int shard) {
    return primaries.get(shard);
  }

  DataSource replica(int shard) {
    return replicas.get(shard);
  }

  @Override
  public void close() {
    primaries.forEach(HikariDataSource::close);
    replicas.forEach(HikariDataSource::close);
  }

  /**
   * Runs {@code read} with every statement routed to the primaries: for reads that must see a write
   * that has just committed (replicas may lag).
   */
  public static <T> T onPrimary(Supplier<T> read) {
    try (HintManager primaryOnly = HintManager.getInstance()) {
      primaryOnly.setWriteRouteOnly();
      return read.get();
    }
  }
}
