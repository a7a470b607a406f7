package dev.tandem.member.shard;

import java.time.Clock;
import java.time.Instant;

/**
 * Generates member ids (and outbox event ids): 64-bit, time-ordered, unique across instances, and
 * carrying the shard their row lives on, so a read by id needs no lookup to find its shard.
 *
 * <pre>
 *  bit 63     62 ........ 22   21 ...... 12   11 ..... 4   3 .. 0
 *  0 (sign) | milliseconds   | sequence     | worker     | shard
 *           | since EPOCH    | (10 bits)    | (8 bits)   | (4 bits)
 * </pre>
 *
 * <p>The sequence sits above worker and shard, so ids of one generator increase in the order they
 * were made whatever their shard.
 *
 * <p>41 bits of milliseconds last until 2094; 1024 ids per millisecond per worker. The worker id
 * must be unique among running instances (see {@link MemberIdSettings}). Ids from one generator are
 * strictly increasing: if the clock steps back, the generator keeps counting on its last
 * millisecond instead of waiting or repeating an id.
 */
public final class MemberIds {

  /** 2025-01-01T00:00:00Z. */
  static final long EPOCH_MILLIS = 1_735_689_600_000L;

  static final int SHARD_BITS = 4;
  static final int WORKER_BITS = 8;
  static final int SEQUENCE_BITS = 10;
  static final int SHARD_SHIFT = 0;
  static final int WORKER_SHIFT = SHARD_BITS;
  static final int SEQUENCE_SHIFT = SHARD_BITS + WORKER_BITS;
  static final int TIME_SHIFT = SHARD_BITS + WORKER_BITS + SEQUENCE_BITS;
  static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
  public static final int MAX_WORKER = (1 << WORKER_BITS) - 1;
  public static final int MAX_SHARDS = 1 << SHARD_BITS;

  private final int worker;
  private final Clock clock;
  private long lastMillis = -1;
  private long sequence;

  public MemberIds(int worker, Clock clock) {
    if (worker < 0 || worker > MAX_WORKER) {
      throw new IllegalArgumentException("worker id must be 0.." + MAX_WORKER + ", was " + worker);
    }
    this.worker = worker;
    this.clock = clock;
  }

  /** A new id whose shard bits say {@code shard}. */
  public synchronized long next(int shard) {
    if (shard < 0 || shard >= MAX_SHARDS) {
      throw new IllegalArgumentException("shard must be 0.." + (MAX_SHARDS - 1) + ", was " + shard);
    }
    long millis = Math.max(clock.millis() - EPOCH_MILLIS, lastMillis);
    if (millis == lastMillis) {
      sequence = (sequence + 1) & MAX_SEQUENCE;
      if (sequence == 0) {
        millis++;
      }
    } else {
      sequence = 0;
    }
    lastMillis = millis;
    return (millis << TIME_SHIFT)
        | (sequence << SEQUENCE_SHIFT)
        | ((long) worker << WORKER_SHIFT)
        | ((long) shard << SHARD_SHIFT);
  }

  /** The shard an id's row lives on. */
  public static int shardOf(long id) {
    return (int) ((id >>> SHARD_SHIFT) & (MAX_SHARDS - 1));
  }

  /** When the id was generated (to the millisecond). */
  public static Instant timeOf(long id) {
    return Instant.ofEpochMilli((id >>> TIME_SHIFT) + EPOCH_MILLIS);
  }
}
