package dev.tandem.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A cluster's token-signing keys: one file per key, {@code KID.json}, each a private EC P-256 JWK
 * whose {@code nbf} says when it may start signing. The directory is the only place a private key
 * lives; it is made by {@code ./tandem up} with the cluster's data, readable by root only.
 *
 * <p>Rotation without a restart works in two steps that nobody has to time by hand: {@link #rotate}
 * adds a key that is published at once but signs only from {@code nbf} on, later than every reader
 * re-reads the directory, so a verifier knows a key before it sees a token signed with it. The key
 * it replaces keeps verifying until every token it signed has expired, and the next rotation
 * removes it.
 */
public final class KeyDirectory {

  /** How long after a rotation the new key starts signing: longer than readers take to reload. */
  public static final Duration PROPAGATION = Duration.ofSeconds(30);

  /**
   * The longest a token may live. {@link #rotate} is called with it, so a rotation never removes a
   * key whose tokens may still be accepted; {@link TokenMinter} refuses anything longer.
   */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(60);

  private static final String SUFFIX = ".json";

  private final Path dir;

  private KeyDirectory(Path dir) {
    this.dir = dir;
  }

  public static KeyDirectory at(Path dir) {
    return new KeyDirectory(dir);
  }

  public Path path() {
    return dir;
  }

  /** Every key in the directory, oldest {@code nbf} first. */
  public List<ECKey> keys() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ECKey> keys = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(SUFFIX)).toList()) {
        keys.add(read(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing keys in " + dir, e);
    }
    keys.sort(Comparator.comparing(JWK::getNotBeforeTime));
    return keys;
  }

  /** The key that signs at {@code now}: the newest whose {@code nbf} has come. */
  public Optional<ECKey> signingKey(Instant now) {
    return keys().stream()
        .filter(key -> !key.getNotBeforeTime().toInstant().isAfter(now))
        .reduce((older, newer) -> newer);
  }

  /** The public halves of every key: the JWKS document verifiers read. */
  public JWKSet publicKeys() {
    return new JWKSet(keys().stream().map(key -> (JWK) key.toPublicJWK()).toList());
  }

  /** Makes the first key when there is none; {@code ./tandem up} calls it. */
  public boolean ensure(Instant now) {
    if (!keys().isEmpty()) {
      return false;
    }
    write(generate(now));
    return true;
  }

  /**
   * Adds a key that signs from {@code now + PROPAGATION}, and removes the keys no token can still
   * need: those replaced more than {@code tokenLifetime} ago.
   *
   * @return the new key
   * @throws IllegalStateException when the previous rotation has not finished: its key does not
   *     sign yet, or the key it replaced may still have live tokens
   */
  public ECKey rotate(Instant now, Duration tokenLifetime) {
    List<ECKey> keys = keys();
    if (keys.isEmpty()) {
      throw new IllegalStateException("no signing key in " + dir + ": start the cluster first");
    }
    ECKey newest = keys.getLast();
    Instant newestFrom = newest.getNotBeforeTime().toInstant();
    if (keys.size() > 1 && newestFrom.plus(tokenLifetime).isAfter(now)) {
      throw new IllegalStateException(
          "the last rotation (key "
              + newest.getKeyID()
              + ") ends at "
              + newestFrom.plus(tokenLifetime)
              + ", when tokens signed by the key it replaced have expired; rotate again after that");
    }
    for (ECKey old : keys.subList(0, keys.size() - 1)) {
      delete(old);
    }
    ECKey next = generate(now.plus(PROPAGATION));
    write(next);
    return next;
  }

  private static ECKey generate(Instant notBefore) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .issueTime(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
          .notBeforeTime(Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)))
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  private void write(ECKey key) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Path temp = dir.resolve("." + key.getKeyID() + ".tmp");
      Files.deleteIfExists(temp);
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
      Path target = dir.resolve(key.getKeyID() + SUFFIX);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a signing key in " + dir, e);
    }
  }

  private void delete(ECKey key) {
    try {
      Files.deleteIfExists(dir.resolve(key.getKeyID() + SUFFIX));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the retired key " + key.getKeyID(), e);
    }
  }

  private static ECKey read(Path file) {
    try {
      ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (key.getKeyID() == null || key.getNotBeforeTime() == null || !key.isPrivate()) {
        throw new IllegalStateException(file + " is not a Tandem signing key (kid, nbf, d)");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(file + " is not a JWK: " + e.getMessage(), e);
    }
  }
}
