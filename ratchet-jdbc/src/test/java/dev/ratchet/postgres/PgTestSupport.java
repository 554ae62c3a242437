package dev.ratchet.postgres;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.testkit.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: {@link TestServices#postgres()} (the server named by {@code
 * RATCHET_TEST_PG}, the local one, or an embedded one).
 */
final class PgTestSupport {
  private PgTestSupport() {}

  static String url() {
    return TestServices.postgres();
  }

  static PostgresTarget target() {
    return PostgresTarget.parse(url());
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

  /** The items of a claim that must find some. */
  static List<ClaimedItem> claim(WorkerSession w, int max) {
    return ((ClaimResult.Claimed) w.claim(max)).items();
  }

  /** Every item DONE with result "1". */
  static List<ItemOutcome> done(List<ClaimedItem> items) {
    return items.stream().<ItemOutcome>map(i -> new ItemOutcome.Done(i, "1")).toList();
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
