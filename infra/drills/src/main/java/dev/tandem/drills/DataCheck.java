package dev.tandem.drills;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what the load was told against the databases themselves: every acknowledged write present
 * exactly once, no promotion's claims above its stock, every registered member with exactly one
 * welcome coupon.
 */
final class DataCheck {

  /** What was found: counts for the report and the violations that fail the drill. */
  record Findings(long acknowledged, long lost, long duplicated, List<String> violations) {}

  private final Map<String, String> env;

  DataCheck(Map<String, String> env) {
    this.env = env;
  }

  private Connection connect(String endpointKey, String databaseKey) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://"
            + env.get(endpointKey)
            + "/"
            + env.get(databaseKey)
            + "?connectTimeout=3000",
        env.get("TANDEM_MYSQL_USER"),
        env.get("TANDEM_MYSQL_PASSWORD"));
  }

  Findings check(Load load) throws SQLException {
    long acknowledged = 0;
    long lost = 0;
    long duplicated = 0;
    List<String> violations = new ArrayList<>();

    // Registrations: each acknowledged member exists exactly once over both shards.
    Map<String, Long> points = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    for (int shard = 0; shard < 2; shard++) {
      try (Connection db =
              connect("TANDEM_MYSQL_SHARD_" + shard, "TANDEM_MYSQL_SHARD_" + shard + "_DATABASE");
          PreparedStatement query =
              db.prepareStatement("SELECT points FROM members WHERE member_id = ?")) {
        for (String member : load.members()) {
          query.setLong(1, Long.parseLong(member));
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              copies.merge(member, 1, Integer::sum);
              points.put(member, rs.getLong(1));
            }
          }
        }
      }
    }
    for (Load.Registered registered : load.registered) {
      acknowledged++;
      int found = copies.getOrDefault(registered.memberId(), 0);
      if (found == 0) {
        lost++;
        violations.add("acknowledged registration " + registered.memberId() + " is missing");
      } else if (found > 1) {
        duplicated++;
        violations.add("member " + registered.memberId() + " exists " + found + " times");
      }
    }

    // Points: between what was acknowledged and that plus what was tried without an answer.
    Map<String, Long> acknowledgedPoints = new HashMap<>();
    for (Load.PointsAdded added : load.pointsAdded) {
      acknowledged++;
      acknowledgedPoints.merge(added.memberId(), (long) added.points(), Long::sum);
    }
    for (String member : load.members()) {
      long floor = acknowledgedPoints.getOrDefault(member, 0L);
      long ceiling = floor + load.unansweredPoints().getOrDefault(member, 0L);
      long actual = points.getOrDefault(member, 0L);
      if (actual < floor) {
        lost++;
        violations.add("member " + member + " has " + actual + " points, acknowledged " + floor);
      } else if (actual > ceiling) {
        duplicated++;
        violations.add(
            "member " + member + " has " + actual + " points, at most " + ceiling + " were sent");
      }
    }

    try (Connection db = connect("TANDEM_MYSQL_PROMOTION", "TANDEM_MYSQL_PROMOTION_DATABASE")) {
      // Claims: each acknowledged coupon exists exactly once.
      try (PreparedStatement query =
          db.prepareStatement(
              "SELECT COUNT(*) FROM coupon WHERE id = ? AND promotion_id = ? AND member_id = ?")) {
        for (Load.Claimed claimed : load.claimed) {
          acknowledged++;
          query.setLong(1, Long.parseLong(claimed.couponId()));
          query.setLong(2, Long.parseLong(claimed.promotionId()));
          query.setLong(3, Long.parseLong(claimed.memberId()));
          try (ResultSet rs = query.executeQuery()) {
            rs.next();
            if (rs.getInt(1) == 0) {
              lost++;
              violations.add("acknowledged coupon " + claimed.couponId() + " is missing");
            }
          }
        }
      }
      // Stock: never more coupons than the promotion had, and the counter agrees.
      try (PreparedStatement query =
          db.prepareStatement(
              "SELECT p.stock, p.remaining, (SELECT COUNT(*) FROM coupon c WHERE c.promotion_id = p.id) FROM promotion p WHERE p.id = ?")) {
        for (String promotion : load.promotions()) {
          query.setLong(1, Long.parseLong(promotion));
          try (ResultSet rs = query.executeQuery()) {
            if (rs.next()
                && (rs.getInt(3) > rs.getInt(1) || rs.getInt(1) - rs.getInt(2) != rs.getInt(3))) {
              violations.add(
                  "promotion "
                      + promotion
                      + ": stock "
                      + rs.getInt(1)
                      + ", remaining "
                      + rs.getInt(2)
                      + ", coupons "
                      + rs.getInt(3));
            }
          }
        }
      }
    }
    return new Findings(acknowledged, lost, duplicated, violations);
  }

  /**
   * What MySQL holds for a flash sale's promotion: its coupons, and members holding two or more.
   */
  FlashSale.Coupons flashSale(String promotionId) throws SQLException {
    try (Connection db = connect("TANDEM_MYSQL_PROMOTION", "TANDEM_MYSQL_PROMOTION_DATABASE");
        PreparedStatement query =
            db.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM coupon WHERE promotion_id = ?),"
                    + " (SELECT COUNT(*) FROM (SELECT member_id FROM coupon WHERE promotion_id = ?"
                    + " GROUP BY member_id HAVING COUNT(*) > 1) twice),"
                    + " (SELECT remaining FROM promotion WHERE id = ?)")) {
      long id = Long.parseLong(promotionId);
      query.setLong(1, id);
      query.setLong(2, id);
      query.setLong(3, id);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return new FlashSale.Coupons(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  /** Members of the load without exactly one welcome coupon (events may be late, never lost). */
  List<String> withoutOneWelcomeCoupon(Load load) throws SQLException {
    List<String> wrong = new ArrayList<>();
    try (Connection db = connect("TANDEM_MYSQL_PROMOTION", "TANDEM_MYSQL_PROMOTION_DATABASE");
        PreparedStatement query =
            db.prepareStatement(
                "SELECT COUNT(*) FROM coupon WHERE kind = 'WELCOME' AND member_id = ?")) {
      for (Load.Registered registered : load.registered) {
        query.setLong(1, Long.parseLong(registered.memberId()));
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          if (rs.getInt(1) != 1) {
            wrong.add(registered.memberId() + " has " + rs.getInt(1));
          }
        }
      }
    }
    return wrong;
  }
}
