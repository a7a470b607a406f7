package dev.tandem.member.registration;

import dev.tandem.member.api.DuplicateEmailException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code member_emails} table, sharded by email: its primary key makes an email unique across
 * shards, because an email always hashes to the same shard. Two registrations racing for one email
 * meet on that key: the second waits for the first and fails once it commits.
 */
@Repository
class EmailClaims {

  private final JdbcClient jdbc;

  EmailClaims(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims the email for the member, with the hash of the password they will sign in with.
   *
   * @throws DuplicateEmailException when another member holds the email
   */
  void claim(String email, long memberId, String passwordHash) {
    try {
      jdbc.sql(
              "INSERT INTO member_emails (email, member_id, password_hash)"
                  + " VALUES (:email, :memberId, :passwordHash)")
          .param("email", email)
          .param("memberId", memberId)
          .param("passwordHash", passwordHash)
          .update();
    } catch (DuplicateKeyException e) {
      throw new DuplicateEmailException();
    }
  }
}
