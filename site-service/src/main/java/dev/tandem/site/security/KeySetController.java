package dev.tandem.site.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JWKS document: the public halves of the cluster's signing keys, what the gateway (and any
 * other verifier) checks tokens with. A rotated key appears here before it signs anything.
 */
@RestController
class KeySetController {

  private final LocalKeys keys;

  KeySetController(LocalKeys keys) {
    this.keys = keys;
  }

  @GetMapping("/.well-known/jwks.json")
  ResponseEntity<Map<String, Object>> keys() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofSeconds(10)))
        .body(keys.publicKeys().toJSONObject(true));
  }
}
