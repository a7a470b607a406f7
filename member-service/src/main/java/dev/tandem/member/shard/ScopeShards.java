package dev.tandem.member.shard;

import dev.tandem.platform.idempotency.IdempotencyScope;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The home shard of an idempotency scope: where every key of the scope is bound, whichever shard
 * the key's write lands on (see {@link dev.tandem.platform.idempotency.IdempotentWrites}). It
 * depends on the scope alone, so every use of a key meets on one row.
 *
 * <p>A scope is homed where its writes usually land, so that most writes touch one shard and depend
 * on one shard's primary: a registration's email scope on the email's shard (where the member will
 * live), a member acting for themselves on their own shard. Other callers (an admin acting for any
 * member) are spread by CRC32 of the scope; their writes may touch two shards.
 */
public final class ScopeShards {

  /** A member id as member-service writes it: decimal, no sign, no leading zero. */
  private static final Pattern MEMBER_ID = Pattern.compile("[1-9][0-9]{0,18}");

  private ScopeShards() {}

  public static int homeOf(IdempotencyScope scope, int shardCount) {
    return switch (scope.kind()) {
      case EMAIL -> EmailShards.shardOf(scope.id(), shardCount);
      case CALLER -> memberShard(scope.id(), shardCount).orElseGet(() -> hashed(scope, shardCount));
      case UNSCOPED -> hashed(scope, shardCount);
    };
  }

  private static OptionalInt memberShard(String subject, int shardCount) {
    if (!MEMBER_ID.matcher(subject).matches()) {
      return OptionalInt.empty();
    }
    try {
      int shard = MemberIds.shardOf(Long.parseLong(subject));
      return shard < shardCount ? OptionalInt.of(shard) : OptionalInt.empty();
    } catch (NumberFormatException beyondLong) {
      return OptionalInt.empty();
    }
  }

  private static int hashed(IdempotencyScope scope, int shardCount) {
    CRC32 crc = new CRC32();
    crc.update(scope.value().getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shardCount);
  }
}
