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
 */
@Validated
@ConfigurationProperties("tandem.member.mysql")
public record MysqlSettings(
    @NotBlank String user,
    @NotNull String password,
    @NotEmpty @Size(max = MemberIds.MAX_SHARDS) List<@Valid @NotNull Shard> shards,
    @Min(1) @Max(100) int poolSize) {

  /**
   * One shard: {@code primary} takes writes and reads that must see them, {@code replica} the other
   * reads (in lite both name the same server). Addresses are {@code host:port}.
   */
  public record Shard(
      @NotBlank String primary, @NotBlank String replica, @NotBlank String database) {

    String primaryUrl() {
      return url(primary);
    }

    String replicaUrl() {
      return url(replica);
    }

    private String url(String address) {
      return "jdbc:mysql://"
          + address
          + "/"
          + database
          + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=3000&socketTimeout=30000";
    }
  }
}
