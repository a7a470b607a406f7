package dev.tandem.member.shard;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Which shard owns an email. A member lives on its email's shard, so registering touches one shard
 * only: the uniqueness row of the email, the member, the idempotency record and the outbox row
 * commit together in one local transaction.
 *
 * <p>CRC32 of the normalized address: stable across JVMs and languages, unlike {@code hashCode}.
 */
public final class EmailShards {

  private EmailShards() {}

  /** Emails are compared without case and surrounding blanks. */
  public static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  public static int shardOf(String email, int shardCount) {
    CRC32 crc = new CRC32();
    crc.update(normalize(email).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shardCount);
  }
}
