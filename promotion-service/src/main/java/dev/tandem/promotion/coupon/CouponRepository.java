package dev.tandem.promotion.coupon;

import dev.tandem.promotion.api.Coupon;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Coupons in MySQL. The unique keys {@code one_coupon_per_member_and_promotion} and {@code
 * one_welcome_coupon_per_member} are the truth about "at most one"; the checks in code only give
 * the common case a clear answer early.
 */
@Repository
public class CouponRepository {

  private final JdbcClient jdbc;

  CouponRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean holds(long memberId, long promotionId) {
    return jdbc.sql("SELECT COUNT(*) FROM coupon WHERE promotion_id = ? AND member_id = ?")
            .params(promotionId, memberId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * @throws DuplicateKeyException when the member already holds a coupon of the promotion
   */
  Coupon insertClaimed(long promotionId, long memberId, Instant now) {
    KeyHolder id = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO coupon (kind, promotion_id, member_id, created_at)"
                + " VALUES ('CLAIMED', ?, ?, ?)")
        .params(promotionId, memberId, Timestamp.from(now))
        .update(id, "id");
    return Coupon.claimed(id.getKey().longValue(), promotionId, memberId);
  }

  /**
   * Grants the member's welcome coupon unless they have it.
   *
   * @return the new coupon, or empty when the member already had one
   */
  public Optional<Coupon> grantWelcome(long memberId, Instant now) {
    try {
      KeyHolder id = new GeneratedKeyHolder();
      jdbc.sql(
              "INSERT INTO coupon (kind, promotion_id, member_id, created_at)"
                  + " VALUES ('WELCOME', NULL, ?, ?)")
          .params(memberId, Timestamp.from(now))
          .update(id, "id");
      return Optional.of(Coupon.welcome(id.getKey().longValue(), memberId));
    } catch (DuplicateKeyException alreadyGranted) {
      return Optional.empty();
    }
  }

  /** Claimed and welcome coupons; a welcome coupon has no promotion ({@code promotionId} null). */
  public List<Coupon> findOf(long memberId) {
    return jdbc.sql(
            "SELECT id, promotion_id, member_id, kind FROM coupon WHERE member_id = ? ORDER BY id")
        .param(memberId)
        .query(CouponRepository::map)
        .list();
  }

  private static Coupon map(ResultSet row, int rowNumber) throws SQLException {
    return new Coupon(
        row.getLong("id"),
        row.getObject("promotion_id", Long.class),
        row.getLong("member_id"),
        row.getString("kind"));
  }
}
