package dev.ratchet.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local PostgreSQL the tests use ({@code RATCHET_TEST_PG}, default {@code
 * postgresql://postgres@127.0.0.1:5432/test}). Under CI ({@code CI=true}) an unreachable server
 * fails the test; elsewhere the test is skipped with a message saying why.
 */
final class PgTestSupport {
  static final String URL =
      System.getenv().getOrDefault("RATCHET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test");

  private PgTestSupport() {}

  static PostgresTarget target() {
    return PostgresTarget.parse(URL);
  }

  /** Skips (outside CI) or fails (under CI) when the server is not reachable. */
  static void requireServer() {
    try (Connection c = connect()) {
      c.isValid(2);
    } catch (SQLException e) {
      String msg =
          "PostgreSQL at "
              + target().display()
              + " is not reachable ("
              + e.getMessage()
              + "); start it or set RATCHET_TEST_PG";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires PostgreSQL: " + msg);
      }
      Assumptions.abort(msg);
    }
  }

  static Connection connect() throws SQLException {
    PostgresTarget t = target();
    Properties p = t.driverProperties();
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(t.jdbcUrl(), p);
  }

  /** A fresh schema name for one test class. */
  static String uniqueSchema() {
    return "ratchet_t_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  static void dropSchema(String schema) {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }

  static long queryLong(String sql) {
    try (Connection c = connect();
        Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static void execute(String sql) {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
