package dev.tandem.site.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tandem.platform.security.KeyDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster's public keys as read from the key directory, read again at most every {@code
 * reload}: what this service verifies tokens with, and the JWKS document it publishes. A rotated
 * key is therefore known here within {@code reload}, before it signs anything.
 */
final class LocalKeys implements JWKSource<SecurityContext> {

  private record Snapshot(JWKSet keys, Instant readAt) {}

  private final KeyDirectory directory;
  private final Duration reload;
  private final Clock clock;
  private volatile Snapshot snapshot;

  LocalKeys(KeyDirectory directory, Duration reload, Clock clock) {
    this.directory = directory;
    this.reload = reload;
    this.clock = clock;
  }

  /** The public keys, no private part: the JWKS document. */
  JWKSet publicKeys() {
    Instant now = clock.instant();
    Snapshot current = snapshot;
    if (current == null || !now.isBefore(current.readAt().plus(reload))) {
      current = new Snapshot(directory.publicKeys(), now);
      snapshot = current;
    }
    return current.keys();
  }

  /** Whether the key directory, as last read, still holds the key of this {@code kid}. */
  boolean knows(String keyId) {
    return publicKeys().getKeyByKeyId(keyId) != null;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    try {
      return selector.select(publicKeys());
    } catch (RuntimeException e) {
      throw new KeySourceException("cannot read the cluster's signing keys", e);
    }
  }
}
