package dev.tandem.member.signin;

import dev.tandem.member.shard.Shards;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Members' password hashes, in {@code member_emails} next to the email they sign in with: one row
 * on the email's shard. Read from the primary, so a member can sign in the moment they registered.
 */
@Repository
class Credentials {

  /** A member's id and password hash; the hash is null for members registered without one. */
  record Credential(long memberId, String passwordHash) {}

  private final JdbcClient jdbc;

  Credentials(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Credential> of(String normalizedEmail) {
    return Shards.onPrimary(
        () ->
            jdbc.sql("SELECT member_id, password_hash FROM member_emails WHERE email = :email")
                .param("email", normalizedEmail)
                .query(
                    (row, n) ->
                        new Credential(row.getLong("member_id"), row.getString("password_hash")))
                .optional());
  }
}
