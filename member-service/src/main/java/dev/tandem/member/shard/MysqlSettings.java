package dev.tandem.member.shard;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The MySQL shards, in shard order: the position in {@code shards} is the shard number that member
 * ids carry. Adding a shard moves emails between shards, so the count is fixed once data exists.
 *
 * <p>Two users: {@code user} reads and writes rows and is all the service runs with; {@code
 * migrationUser} owns the schema and is used only to run Flyway at start-up. {@code sslMode} is
 * Connector/J's ({@code DISABLED} on the local cluster's private subnet; {@code VERIFY_IDENTITY}
 * with a trust store in production, see SECURITY.md).
 */
@Validated
@ConfigurationProperties("tandem.member.mysql")
public record MysqlSettings(
    @NotBlank String user,
    @NotNull String password,
    @NotBlank String migrationUser,
    @NotNull String migrationPassword,
    @NotBlank String sslMode,
    @NotEmpty @Size(max = MemberIds.MAX_SHARDS) List<@Valid @NotNull Shard> shards,
    @Min(1) @Max(100) int poolSize) {

  /**
   * One shard: {@code primary} takes writes and reads that must see them, {@code replica} the other
   * reads (in lite both name the same server). Addresses are {@code host:port}.
   */
  public record Shard(
      @NotBlank String primary, @NotBlank String replica, @NotBlank String database) {

    String primaryUrl(String sslMode) {
      return url(primary, 3000, WRITE_SOCKET_TIMEOUT_MS, sslMode);
    }

    /**
     * The replica, and the primary behind it: when the replica's server is gone (killed, or it was
     * the primary that just failed over), new connections of the read pool go to the primary
     * instead of failing every read until the server returns. Measured by mysql-primary-kill: with
     * the replica alone, home pages degraded for the whole time the old primary was down.
     */
    String replicaUrl(String sslMode) {
      if (replica.equals(primary)) {
        return url(replica, 3000, READ_SOCKET_TIMEOUT_MS, sslMode);
      }
      return url(replica + "," + primary, 1000, READ_SOCKET_TIMEOUT_MS, sslMode)
          + "&failOverReadOnly=false&retriesAllDown=2";
    }

    private String url(
        String addresses, int connectTimeoutMs, int socketTimeoutMs, String sslMode) {
      return "jdbc:mysql://"
          + addresses
          + "/"
          + database
          + "?sslMode="
          + sslMode
          + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&characterEncoding=UTF-8"
          + "&connectTimeout="
          + connectTimeoutMs
          + "&socketTimeout="
          + socketTimeoutMs;
    }
  }

  /**
   * How long a read may wait for an answer. Reads are point lookups that answer in milliseconds; a
   * server cut off the network answers never, and its pooled connections would hold the service's
   * threads until this runs out (it was 30 s: a read pool on a cut-off replica failed reads for
   * that long). After it, the pool reconnects, and new connections fail over to the VIP.
   */
  static final int READ_SOCKET_TIMEOUT_MS = 3000;

  /**
   * How long a write may wait. The VIP moves to the new primary within seconds of a cut, and the
   * new holder answers the old connections with a reset; this bounds the rest.
   */
  static final int WRITE_SOCKET_TIMEOUT_MS = 10_000;
}
