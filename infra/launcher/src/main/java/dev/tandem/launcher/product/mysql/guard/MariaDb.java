package dev.tandem.launcher.product.mysql.guard;

import java.net.ConnectException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One MariaDB server, reached over TCP with the administration account: what it says about itself,
 * and the few statements that change its role. Every call is bounded by the timeouts given here.
 * Not thread-safe: each caller keeps its own.
 */
public final class MariaDb implements AutoCloseable {

  /** How attaching a server to a primary ended. */
  public sealed interface Attached {
    /** Both replication threads run. */
    record Replicating() implements Attached {}

    /** The primary refused this server's history (error 1236): it has what the primary lacks. */
    record Diverged(String detail) implements Attached {}

    /** Anything else: a connection or SQL error, or threads that did not start in time. */
    record Failed(String detail) implements Attached {}
  }

  private final SqlSession session;

  public MariaDb(
      String host,
      int port,
      String user,
      String password,
      Duration connectTimeout,
      Duration socketTimeout) {
    this.session = new SqlSession(host, port, user, password, connectTimeout, socketTimeout);
  }

  public String address() {
    return session.host();
  }

  /** True when the error says nothing listens there: the server's process is not running. */
  public static boolean refused(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || String.valueOf(cause.getMessage()).contains("Connection refused")) {
        return true;
      }
    }
    return false;
  }

  public ServerState state() throws SQLException {
    return session.using(
        statement -> {
          boolean readOnly;
          String reportHost;
          String gtid;
          boolean semiSync;
          int waiting;
          // One round trip for what the server says of itself; guards ask four times a second.
          try (ResultSet rs =
              statement.executeQuery(
                  "SELECT @@global.read_only, @@global.report_host, @@global.gtid_binlog_pos,"
                      + " (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                      + "  WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_STATUS'),"
                      + " (SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                      + "  WHERE STATE LIKE 'Waiting for semi-sync ACK%')")) {
            rs.next();
            readOnly = rs.getBoolean(1);
            reportHost = rs.getString(2);
            gtid = rs.getString(3);
            semiSync = "ON".equalsIgnoreCase(rs.getString(4));
            waiting = rs.getInt(5);
          }
          Map<String, String> replica = new LinkedHashMap<>();
          try (ResultSet rs = statement.executeQuery("SHOW SLAVE STATUS")) {
            if (rs.next()) {
              for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                replica.put(rs.getMetaData().getColumnLabel(column), rs.getString(column));
              }
            }
          }
          return new ServerState(
              readOnly, reportHost, gtid == null ? "" : gtid, semiSync, waiting, replica);
        });
  }

  /**
   * Stops writes by clients without SUPER (the application's account has none). Bounded: MariaDB
   * makes this wait for commits in flight, and a commit waiting for a replica's acknowledgement
   * waits as long as that takes.
   */
  public void setReadOnly(Duration limit) throws SQLException {
    session.using(
        statement -> {
          statement.setQueryTimeout((int) Math.max(1, limit.toSeconds()));
          statement.execute("SET GLOBAL read_only = 1");
          return null;
        });
  }

  /** Ends the sessions of one account, so its pools reconnect (through the VIP, elsewhere). */
  public void killSessions(String account) throws SQLException {
    session.using(
        statement -> {
          try (ResultSet rs =
              statement.executeQuery(
                  "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                      + account.replace("'", "''")
                      + "'")) {
            var ids = new java.util.ArrayList<Long>();
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
            for (long id : ids) {
              try (Statement kill = statement.getConnection().createStatement()) {
                kill.execute("KILL CONNECTION " + id);
              } catch (SQLException gone) {
                // ended by itself meanwhile
              }
            }
          }
          return null;
        });
  }

  /**
   * Makes a replica the shard's writer: stops receiving, applies everything already received
   * (bounded by {@code applyLimit}), waits for a replica's acknowledgement from now on (the
   * semi-synchronous primary side), takes writes, and forgets its old primary.
   *
   * @return what the replica had received and applied, for the log
   */
  public String promote(Duration applyLimit) throws SQLException {
    return session.using(
        statement -> {
          String received = "";
          try (ResultSet rs = statement.executeQuery("SHOW SLAVE STATUS")) {
            if (rs.next()) {
              received = rs.getString("Gtid_IO_Pos");
            }
          }
          long started = System.nanoTime();
          String applied = "nothing to apply";
          if (received != null && !received.isBlank()) {
            statement.execute("STOP SLAVE IO_THREAD");
            long stopped = System.nanoTime();
            statement.setQueryTimeout((int) applyLimit.toSeconds() + 5);
            try (ResultSet rs =
                statement.executeQuery(
                    "SELECT MASTER_GTID_WAIT('"
                        + received.replace("'", "")
                        + "', "
                        + applyLimit.toSeconds()
                        + ")")) {
              rs.next();
              applied =
                  "received "
                      + received
                      + (rs.getInt(1) == 0 ? ", all applied" : ", NOT all applied in time")
                      + "; receiving stopped in "
                      + (stopped - started) / 1_000_000
                      + " ms";
            }
          }
          statement.execute(
              "SET GLOBAL rpl_semi_sync_master_enabled = @@global.rpl_semi_sync_slave_enabled");
          statement.execute("SET GLOBAL read_only = 0");
          long writable = System.nanoTime();
          statement.execute("STOP SLAVE");
          statement.execute("RESET SLAVE ALL");
          return applied + "; writable after " + (writable - started) / 1_000_000 + " ms";
        });
  }

  /**
   * Makes this read-only server a replica of {@code primary}, starting after the last transaction
   * it has, whether it wrote it (a former primary) or replicated it. With {@code gtid_strict_mode}
   * the primary refuses a history it does not contain, which is how divergence shows.
   */
  public Attached attach(
      String primary, int primaryPort, String replUser, String replPassword, Duration limit) {
    return attach(primary, primaryPort, replUser, replPassword, limit, null);
  }

  /**
   * As {@link #attach(String, int, String, String, Duration)}, but starting after {@code
   * startAfter} (a GTID position) when given: a server restored from a backup of the primary has no
   * binlog of its own, only the position the backup was taken at.
   */
  public Attached attach(
      String primary,
      int primaryPort,
      String replUser,
      String replPassword,
      Duration limit,
      String startAfter) {
    return ReplicaAttach.attach(
        this, primary, primaryPort, replUser, replPassword, limit, startAfter);
  }

  /** Stops the receiving thread; the applying one goes on with what was received. */
  public void stopReceiving() throws SQLException {
    session.using(
        statement -> {
          statement.execute("STOP SLAVE IO_THREAD");
          return null;
        });
  }

  /** Makes a server that runs alone (cold start, no other writer) the writer. */
  public void makeWriter() throws SQLException {
    session.using(
        statement -> {
          statement.execute("STOP SLAVE");
          statement.execute("RESET SLAVE ALL");
          statement.execute(
              "SET GLOBAL rpl_semi_sync_master_enabled = @@global.rpl_semi_sync_slave_enabled");
          statement.execute("SET GLOBAL read_only = 0");
          return null;
        });
  }

  /** Runs statements on this server's session (for {@link ReplicaAttach}). */
  <T> T using(SqlSession.SqlWork<T> work) throws SQLException {
    return session.using(work);
  }

  @Override
  public void close() {
    session.close();
  }
}
