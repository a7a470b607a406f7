package dev.tandem.launcher.product.mysql.guard;

import java.util.Map;

/**
 * One MariaDB server as it describes itself at one moment.
 *
 * @param readOnly {@code @@read_only}: every Tandem server starts read-only, exactly one per shard
 *     is made writable
 * @param reportHost {@code @@report_host}: the server's own host address
 * @param gtidBinlogPos {@code @@gtid_binlog_pos}: the last transaction of each domain in its binlog
 * @param semiSyncActive {@code Rpl_semi_sync_master_status}: a commit now waits for a replica's
 *     acknowledgement, so every acknowledged transaction is on a replica too
 * @param waitingForAck commits that are in the binlog and wait for a replica's acknowledgement
 * @param replica {@code SHOW SLAVE STATUS}, empty when no replication is configured
 */
public record ServerState(
    boolean readOnly,
    String reportHost,
    String gtidBinlogPos,
    boolean semiSyncActive,
    int waitingForAck,
    Map<String, String> replica) {

  /** MariaDB's error when a replica asks for a GTID that is not in the primary's binlog. */
  static final String DIVERGED_ERROR = "1236";

  public boolean writer() {
    return !readOnly;
  }

  public boolean replicating() {
    return "Yes".equals(replica.get("Slave_IO_Running"))
        && "Yes".equals(replica.get("Slave_SQL_Running"));
  }

  /** The receiving (IO) thread runs or tries to connect. */
  boolean receiving() {
    String io = replica.get("Slave_IO_Running");
    return io != null && !"No".equals(io);
  }

  public String masterHost() {
    return replica.get("Master_Host");
  }

  /** The primary refused this server's history: it has transactions the primary lacks. */
  public boolean diverged() {
    return DIVERGED_ERROR.equals(replica.get("Last_IO_Errno"));
  }

  /** Replication stopped on an error other than a lost connection. */
  boolean replicationBroken() {
    String sql = replica.getOrDefault("Last_SQL_Errno", "0");
    return !"0".equals(sql) || diverged();
  }

  /**
   * How far this server's history reaches in GTID domain 0: what it wrote or applied, or, for a
   * replica, what it received and will apply before it could take writes.
   */
  public long progress() {
    return Math.max(sequence(gtidBinlogPos), sequence(replica.getOrDefault("Gtid_IO_Pos", "")));
  }

  /**
   * The sequence number of domain 0 in a GTID position such as {@code 0-101-42,1-5-3}; -1: none.
   */
  static long sequence(String position) {
    if (position == null) {
      return -1;
    }
    for (String gtid : position.split(",")) {
      String[] parts = gtid.trim().split("-");
      if (parts.length == 3 && parts[0].equals("0")) {
        return Long.parseLong(parts[2]);
      }
    }
    return -1;
  }
}
