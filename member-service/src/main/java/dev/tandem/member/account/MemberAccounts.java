package dev.tandem.member.account;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code members} table. Every statement names {@code member_id}, so it reaches one shard. */
@Repository
public class MemberAccounts {

  private static final String COLUMNS = "member_id AS id, name, email, phone, points";

  private final JdbcClient jdbc;

  public MemberAccounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<MemberAccount> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM members WHERE member_id = :id")
        .param("id", id)
        .query(MemberAccount.class)
        .optional();
  }

  /** Reads and locks the member until the transaction ends: changes to one member queue up. */
  public Optional<MemberAccount> findForUpdate(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM members WHERE member_id = :id FOR UPDATE")
        .param("id", id)
        .query(MemberAccount.class)
        .optional();
  }

  public void insert(MemberAccount account) {
    jdbc.sql(
            """
            INSERT INTO members (member_id, name, email, phone, points, level)
            VALUES (:id, :name, :email, :phone, :points, :level)""")
        .param("id", account.id())
        .param("name", account.name())
        .param("email", account.email())
        .param("phone", account.phone())
        .param("points", account.points())
        .param("level", account.level().name())
        .update();
  }

  public void updatePoints(MemberAccount account) {
    jdbc.sql("UPDATE members SET points = :points, level = :level WHERE member_id = :id")
        .param("id", account.id())
        .param("points", account.points())
        .param("level", account.level().name())
        .update();
  }
}
