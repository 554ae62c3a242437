package dev.ratchet.bench.suites;

import dev.ratchet.bench.Measure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The raw chunk design, the baseline of the pgstore suite: W clients, each on its own connection,
 * lease a range of {@code batch} ordinals by one UPDATE of a cursor row (committed), then append
 * {@code batch} outcome rows by one multi-row INSERT (committed). No inputs are read, no worker
 * lease, no fencing: what PostgreSQL itself allows for this design on this machine. Run by pgbench
 * (W client processes' worth of connections, the script) when it is installed, else by W
 * plain JDBC threads.
 */
final class RawChunkBaseline {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private RawChunkBaseline() {}

  /** What runs the baseline: "pgbench" or "plain JDBC". */
  static String tool() {
    return PgBench.available() ? "pgbench" : "plain JDBC";
  }

  static double throughput(String schema, int workers, int batch, long n) throws Exception {
    if (PgBench.available()) {
      return PgBench.throughput(schema, workers, batch, n);
    }
    return jdbc(schema, workers, batch, n);
  }

  private static double jdbc(String schema, int workers, int batch, long n) throws Exception {
    String cursor = schema + ".raw_cursor";
    String results = schema + ".raw_results";
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      s.execute("DROP TABLE IF EXISTS " + cursor + ", " + results);
      s.execute("CREATE TABLE " + cursor + " (id int PRIMARY KEY, next bigint, total bigint)");
      s.execute(
          "CREATE TABLE "
              + results
              + " (ordinal bigint PRIMARY KEY, state smallint NOT NULL, result text)");
      s.execute("INSERT INTO " + cursor + " VALUES (1, 0, " + n + ")");
    }
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> client(cursor, results, batch, errors));
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long nanos = System.nanoTime() - t0;
    if (!errors.isEmpty()) {
      throw new IllegalStateException("a raw client failed", errors.get(0));
    }
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + results)) {
      rs.next();
      if (rs.getLong(1) != n) {
        throw new IllegalStateException("expected " + n + " rows, found " + rs.getLong(1));
      }
      s.execute("DROP TABLE " + cursor + ", " + results);
    }
    return Measure.perSecond(n, nanos);
  }

  private static void client(String cursor, String results, int batch, List<Throwable> errors) {
    try (Connection c = connect();
        PreparedStatement lease =
            c.prepareStatement(
                "UPDATE "
                    + cursor
                    + " SET next = next + ? WHERE id = 1 AND next < total"
                    + " RETURNING next - ?, LEAST(next, total)");
        PreparedStatement append =
            c.prepareStatement(
                "INSERT INTO "
                    + results
                    + " (ordinal, state, result) SELECT o, 2, NULL FROM unnest(?::bigint[]) o")) {
      c.setAutoCommit(false);
      while (true) {
        lease.setLong(1, batch);
        lease.setLong(2, batch);
        long lo;
        long hi;
        try (ResultSet rs = lease.executeQuery()) {
          if (!rs.next()) {
            c.commit();
            return;
          }
          lo = rs.getLong(1);
          hi = rs.getLong(2);
        }
        c.commit();
        Long[] ordinals = new Long[(int) (hi - lo)];
        for (int i = 0; i < ordinals.length; i++) {
          ordinals[i] = lo + i;
        }
        append.setArray(1, c.createArrayOf("bigint", ordinals));
        append.executeUpdate();
        c.commit();
      }
    } catch (Throwable e) {
      errors.add(e);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, "postgres", "");
  }
}
