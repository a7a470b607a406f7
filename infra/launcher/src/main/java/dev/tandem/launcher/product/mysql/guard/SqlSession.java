package dev.tandem.launcher.product.mysql.guard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One JDBC connection to a MariaDB server, opened on first use and bounded by the timeouts given
 * here. On any error it is dropped, so the next call connects afresh. Not thread-safe.
 */
final class SqlSession implements AutoCloseable {

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Statement statement) throws SQLException;
  }

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private Connection connection;

  SqlSession(
      String host,
      int port,
      String user,
      String password,
      Duration connectTimeout,
      Duration socketTimeout) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.connectTimeout = connectTimeout;
    this.socketTimeout = socketTimeout;
  }

  String host() {
    return host;
  }

  private Statement statement() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection =
          DriverManager.getConnection(
              "jdbc:mariadb://"
                  + host
                  + ":"
                  + port
                  + "/?connectTimeout="
                  + connectTimeout.toMillis()
                  + "&socketTimeout="
                  + socketTimeout.toMillis(),
              user,
              password);
    }
    return connection.createStatement();
  }

  /** Runs the work; on any error the connection is dropped, so the next call connects afresh. */
  <T> T using(SqlWork<T> work) throws SQLException {
    try (Statement statement = statement()) {
      return work.run(statement);
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a broken connection: nothing left to release
      }
      connection = null;
    }
  }
}
