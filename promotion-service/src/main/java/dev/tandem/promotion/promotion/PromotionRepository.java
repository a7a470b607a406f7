package dev.tandem.promotion.promotion;

import dev.tandem.member.api.MemberLevel;
import dev.tandem.promotion.api.CreatePromotion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Promotions in MySQL. Every statement that changes what search shows bumps {@code version}, which
 * is how the indexing job finds what to copy to Elasticsearch.
 */
@Repository
public class PromotionRepository {

  private static final String COLUMNS =
      "id, title, description, level_required, stock, remaining, starts_at, ends_at, version";

  private final JdbcClient jdbc;

  PromotionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(CreatePromotion command) {
    KeyHolder id = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO promotion (title, description, level_required, stock, remaining,"
                + " starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            command.title(),
            command.description(),
            command.levelRequired(),
            command.stock(),
            command.stock(),
            Timestamp.from(command.startsAt()),
            Timestamp.from(command.endsAt()))
        .update(id, "id");
    return id.getKey().longValue();
  }

  public Optional<StoredPromotion> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM promotion WHERE id = ?")
        .param(id)
        .query(PromotionRepository::map)
        .optional();
  }

  public List<StoredPromotion> findAll(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT " + COLUMNS + " FROM promotion WHERE id IN (:ids)")
        .param("ids", ids)
        .query(PromotionRepository::map)
        .list();
  }

  /**
   * Running promotions with stock left that the member holds no coupon of, soonest ending first.
   */
  List<StoredPromotion> findRunningWithStockNotHeldBy(long memberId, Instant now, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM promotion WHERE status = 'ACTIVE' AND starts_at <= ? AND ends_at > ?"
                + " AND remaining > 0 AND NOT EXISTS (SELECT 1 FROM coupon"
                + " WHERE coupon.promotion_id = promotion.id AND coupon.member_id = ?)"
                + " ORDER BY ends_at, id LIMIT ?")
        .params(Timestamp.from(now), Timestamp.from(now), memberId, limit)
        .query(PromotionRepository::map)
        .list();
  }

  /**
   * Takes one coupon from the stock if any is left. The condition is evaluated under the row lock,
   * so concurrent claims on any number of instances can never take more than the stock.
   *
   * @return false when no coupon was left
   */
  public boolean takeOne(long id) {
    return jdbc.sql(
                "UPDATE promotion SET remaining = remaining - 1, version = version + 1"
                    + " WHERE id = ? AND remaining > 0")
            .param(id)
            .update()
        == 1;
  }

  /** Marks promotions that ended as EXPIRED. */
  public int expireEndedBefore(Instant now) {
    return jdbc.sql(
            "UPDATE promotion SET status = 'EXPIRED', version = version + 1"
                + " WHERE status = 'ACTIVE' AND ends_at <= ?")
        .param(Timestamp.from(now))
        .update();
  }

  /** Promotions whose latest change Elasticsearch has not confirmed yet. */
  public List<StoredPromotion> findNotIndexed(int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM promotion WHERE indexed_version < version LIMIT ?")
        .param(limit)
        .query(PromotionRepository::map)
        .list();
  }

  /** Records that Elasticsearch holds {@code version}; a newer change stays pending. */
  public void markIndexed(long id, long version) {
    jdbc.sql("UPDATE promotion SET indexed_version = ? WHERE id = ? AND indexed_version < ?")
        .params(version, id, version)
        .update();
  }

  private static StoredPromotion map(ResultSet row, int rowNumber) throws SQLException {
    return new StoredPromotion(
        row.getLong("id"),
        row.getString("title"),
        row.getString("description"),
        MemberLevel.valueOf(row.getString("level_required")),
        row.getInt("stock"),
        row.getInt("remaining"),
        row.getTimestamp("starts_at").toInstant(),
        row.getTimestamp("ends_at").toInstant(),
        row.getLong("version"));
  }
}
