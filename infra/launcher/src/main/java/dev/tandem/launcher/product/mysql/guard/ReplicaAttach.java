package dev.tandem.launcher.product.mysql.guard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Makes a read-only server a replica of a primary ({@link MariaDb#attach}): it replicates from
 * after the last transaction it has (or a given GTID position), and the answer comes once both
 * replication threads run, or the primary refused its history, or the limit passed.
 */
final class ReplicaAttach {

  private ReplicaAttach() {}

  static MariaDb.Attached attach(
      MariaDb server,
      String primary,
      int primaryPort,
      String replUser,
      String replPassword,
      Duration limit,
      String startAfter) {
    try {
      server.using(
          statement -> {
            statement.execute("SET GLOBAL read_only = 1");
            statement.execute("SET GLOBAL rpl_semi_sync_master_enabled = 0");
            statement.execute("STOP SLAVE");
            String position = startAfter;
            if (position == null) {
              try (ResultSet rs = statement.executeQuery("SELECT @@global.gtid_binlog_pos")) {
                rs.next();
                position = rs.getString(1);
              }
            }
            if (position != null && !position.isBlank()) {
              // A former primary's own writes are in its binlog, not in gtid_slave_pos.
              statement.execute("SET GLOBAL gtid_slave_pos = '" + position.replace("'", "") + "'");
            }
            statement.execute(
                "CHANGE MASTER TO MASTER_HOST='"
                    + primary
                    + "', MASTER_PORT="
                    + primaryPort
                    + ", MASTER_USER='"
                    + replUser
                    + "', MASTER_PASSWORD='"
                    + replPassword.replace("'", "''")
                    + "', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos");
            statement.execute("START SLAVE");
            return null;
          });
      long deadline = System.nanoTime() + limit.toNanos();
      ServerState state = server.state();
      while (System.nanoTime() < deadline) {
        if (state.diverged()) {
          return new MariaDb.Attached.Diverged(
              "has " + state.gtidBinlogPos() + "; " + state.replica().get("Last_IO_Error"));
        }
        if (!"0".equals(state.replica().getOrDefault("Last_SQL_Errno", "0"))) {
          return new MariaDb.Attached.Failed(state.replica().get("Last_SQL_Error"));
        }
        if (state.replicating()) {
          return new MariaDb.Attached.Replicating();
        }
        Thread.sleep(200);
        state = server.state();
      }
      return new MariaDb.Attached.Failed(
          "replication did not start in "
              + limit.toSeconds()
              + " s: IO "
              + state.replica().get("Slave_IO_Running")
              + " ("
              + state.replica().get("Last_IO_Error")
              + ")");
    } catch (SQLException e) {
      return new MariaDb.Attached.Failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new MariaDb.Attached.Failed("interrupted");
    }
  }
}
