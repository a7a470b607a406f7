package dev.tandem.launcher.product.mysql.guard;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * One guard's settings, read from the {@code guard.properties} that the launcher renders from
 * {@code infra/mysql/guard.properties} for each MySQL host of a replicated shard.
 */
public record GuardSettings(
    String name,
    String server,
    String address,
    int mysqlPort,
    int guardPort,
    String peerName,
    String peerAddress,
    String zookeeper,
    String keyPath,
    Duration sessionTimeout,
    Duration renewInterval,
    Duration tick,
    Duration grant,
    Duration margin,
    Duration fresh,
    Duration localSilence,
    Duration startupGrace,
    Duration peerTimeout,
    String adminUser,
    String adminPassword,
    String appUser,
    String replUser,
    String replPassword,
    Path trackFile,
    Path recoveryFile,
    Path divergedMarker,
    Path pidFile,
    Path supervisorConfig) {

  static GuardSettings load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      p.load(reader);
    }
    return new GuardSettings(
        required(p, "guard.name"),
        required(p, "server.name"),
        required(p, "server.address"),
        Integer.parseInt(required(p, "server.port")),
        Integer.parseInt(required(p, "guard.port")),
        required(p, "peer.name"),
        required(p, "peer.address"),
        required(p, "zookeeper.connect"),
        required(p, "key.path"),
        millis(p, "zookeeper.session-timeout-ms"),
        millis(p, "renew-interval-ms"),
        millis(p, "tick-ms"),
        millis(p, "grant-ms"),
        millis(p, "margin-ms"),
        millis(p, "fresh-ms"),
        millis(p, "local-silence-ms"),
        millis(p, "startup-grace-ms"),
        millis(p, "peer-timeout-ms"),
        required(p, "mysql.admin.user"),
        required(p, "mysql.admin.password"),
        required(p, "mysql.app.user"),
        required(p, "mysql.repl.user"),
        required(p, "mysql.repl.password"),
        Path.of(required(p, "track-file")),
        Path.of(required(p, "recovery-file")),
        Path.of(required(p, "diverged-marker")),
        Path.of(required(p, "server.pid-file")),
        Path.of(required(p, "supervisor.config")));
  }

  /**
   * How long a renewal of the key keeps the server writable: half the session timeout ZooKeeper
   * granted, leaving the other half as the margin before the key can pass to the peer.
   */
  Duration lease(int negotiatedSessionTimeoutMs) {
    return Duration.ofMillis(negotiatedSessionTimeoutMs / 2);
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("guard.properties lacks " + key);
    }
    return value.strip();
  }

  private static Duration millis(Properties p, String key) {
    return Duration.ofMillis(Long.parseLong(required(p, key)));
  }
}
