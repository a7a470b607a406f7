package dev.tandem.platform.idempotency;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a request asked for, without its idempotency key and without who asked: the same key may
 * only ever carry requests with the same fingerprint.
 *
 * <p>The fingerprint is the lowercase hex SHA-256 of a canonical encoding that any language can
 * reproduce, and that does not change with the JVM, the JSON library or the order in which a
 * service lists the fields. Version 1 is a sequence of netstrings ({@code <UTF-8 byte
 * length>:<bytes>,}):
 *
 * <pre>
 *   ns("tandem-fingerprint/1") ns(operation) { ns(name) value } ...   fields sorted by name
 *   value = ns(text)   or   "~" for null
 * </pre>
 *
 * where {@code text} is, by type: a string as it is; an integer in decimal ({@code -12}); a boolean
 * as {@code true}/{@code false}; an enum constant by its name; an instant in UTC with nine fraction
 * digits ({@code 2030-01-01T00:00:00.000000000Z}). Other types are refused rather than encoded by
 * their {@code toString}, which no other program could reproduce.
 *
 * <p>A field that does not change what the request does must not be part of it, and a secret never
 * is: a fingerprint is a plain digest, stored for a day, and the digest of a password would be an
 * unsalted hash of it.
 */
public record Fingerprint(String sha256) {

  static final String VERSION = "tandem-fingerprint/1";

  private static final Pattern FIELD_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  public Fingerprint {
    if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("a fingerprint is 64 lowercase hex digits: " + sha256);
    }
  }

  /** Starts the fingerprint of one {@code operation} ({@code "add-points"}); add its fields. */
  public static Builder of(String operation) {
    return new Builder(operation);
  }

  /** Collects the fields of one request; in any order, each name once. */
  public static final class Builder {

    private final String operation;
    private final Map<String, String> fields = new TreeMap<>();

    private Builder(String operation) {
      if (operation == null || operation.isBlank()) {
        throw new IllegalArgumentException("an operation is required");
      }
      this.operation = operation;
    }

    public Builder with(String name, Object value) {
      if (name == null || !FIELD_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("field names are ASCII letters and digits: " + name);
      }
      if (fields.containsKey(name)) {
        throw new IllegalArgumentException("field " + name + " is given twice");
      }
      fields.put(name, canonical(value));
      return this;
    }

    public Fingerprint build() {
      return new Fingerprint(HexFormat.of().formatHex(newSha256().digest(canonicalBytes())));
    }

    /** The bytes the digest is taken of: version, operation, then the fields by name. */
    byte[] canonicalBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      netstring(out, VERSION);
      netstring(out, operation);
      fields.forEach(
          (name, value) -> {
            netstring(out, name);
            if (value == null) {
              out.writeBytes("~".getBytes(StandardCharsets.US_ASCII));
            } else {
              netstring(out, value);
            }
          });
      return out.toByteArray();
    }
  }

  private static String canonical(Object value) {
    return switch (value) {
      case null -> null;
      case CharSequence text -> text.toString();
      case Long number -> number.toString();
      case Integer number -> number.toString();
      case Short number -> number.toString();
      case Byte number -> number.toString();
      case BigInteger number -> number.toString();
      case Boolean flag -> flag.toString();
      case Enum<?> constant -> constant.name();
      case Instant instant -> INSTANT.format(instant);
      default ->
          throw new IllegalArgumentException(
              "no canonical form for a "
                  + value.getClass().getName()
                  + ": convert it to one of the documented types first");
    };
  }

  private static void netstring(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
    out.writeBytes(",".getBytes(StandardCharsets.US_ASCII));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
