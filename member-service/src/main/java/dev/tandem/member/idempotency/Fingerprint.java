package dev.tandem.member.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request asked for, without its idempotency key: SHA-256 over the operation and its fields.
 * A replay must carry the same fingerprint as the first request; the same key with another
 * fingerprint is a client bug, reported as key reuse instead of being applied.
 *
 * <p>Each field is length-prefixed, so {@code ("ab", "c")} and {@code ("a", "bc")} differ.
 */
public final class Fingerprint {

  private Fingerprint() {}

  public static String of(String operation, Object... fields) {
    MessageDigest sha256 = sha256();
    update(sha256, operation);
    for (Object field : fields) {
      update(sha256, String.valueOf(field));
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
