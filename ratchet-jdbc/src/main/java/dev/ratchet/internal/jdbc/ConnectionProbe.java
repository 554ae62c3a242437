package dev.ratchet.internal.jdbc;

import dev.ratchet.StoreUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * One connection tried before a pool is built, so that what no retry can fix (a database that does
 * not exist, a refused login) is said at once in the server's words, instead of after the pool's
 * connection timeout as "Connection is not available". What may pass (a server not up yet) is left
 * to the pool and its retries.
 */
public final class ConnectionProbe {
  private ConnectionProbe() {}

  /**
   * @param where the database for messages, without a password
   * @throws StoreUnavailableException naming the cause and what to do, when retrying cannot help
   */
  public static void check(
      String jdbcUrl, Properties properties, Duration timeout, String where, String database) {
    Properties p = new Properties();
    p.putAll(properties);
    p.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
    p.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
    try {
      Connection c = DriverManager.getConnection(jdbcUrl, p);
      c.close();
    } catch (SQLException e) {
      if (Tx.isTransient(e)) {
        return;
      }
      throw new StoreUnavailableException(describe(e, where, database), e);
    }
  }

  static String describe(SQLException e, String where, String database) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String server = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^FATAL: ", "");
    if (state.startsWith("3D")) {
      return "database \""
          + database
          + "\" does not exist on "
          + where
          + "; create it (createdb \""
          + database
          + "\") or fix the database name in --store";
    }
    if (state.startsWith("28")) {
      return "the server refused the login on "
          + where
          + " ("
          + server
          + "); check the user in --store and the password (--password-file, PGPASSWORD or"
          + " ~/.pgpass)";
    }
    return "cannot connect to " + where + ": " + server;
  }
}
