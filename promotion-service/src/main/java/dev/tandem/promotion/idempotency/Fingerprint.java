package dev.tandem.promotion.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a request asked for, without its idempotency key: a replay must match it exactly.
 *
 * <p>The fields are hashed as a JSON array of strings, an encoding no title or description can make
 * ambiguous (a delimiter could: "a|b" + "c" vs "a" + "b|c").
 */
public record Fingerprint(String sha256) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Fingerprint of(String operation, Object... fields) {
    List<String> canonical = new ArrayList<>();
    canonical.add(operation);
    for (Object field : fields) {
      canonical.add(String.valueOf(field));
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
      return new Fingerprint(HexFormat.of().formatHex(digest));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint a request", e);
    }
  }
}
