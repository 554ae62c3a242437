package dev.ratchet.bench.springbatch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Where Spring Batch's JDBC job repository lives: an embedded H2 file database, or the local
 * PostgreSQL in a schema of its own that is dropped and created fresh for each benchmark run.
 *
 * @param kind {@code h2} or {@code postgresql}, also the suffix of Spring Batch's schema script
 */
public record Database(String kind, String url, String user) {
  public static final String PG_SCHEMA = "ratchet_bench_springbatch";

  public static Database h2(Path dir) {
    return new Database("h2", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("batch"), "sa");
  }

  public static Database postgres() {
    String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    String db = System.getenv().getOrDefault("PGDATABASE", "test");
    return new Database(
        "postgresql",
        "jdbc:postgresql://" + host + ":5432/" + db + "?currentSchema=" + PG_SCHEMA,
        "postgres");
  }

  /** Empties the PostgreSQL schema (H2 starts from a fresh directory instead). */
  public void reset() throws Exception {
    if (kind.equals("postgresql")) {
      try (Connection c = DriverManager.getConnection(url, user, "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
        s.execute("CREATE SCHEMA " + PG_SCHEMA);
      }
    }
  }

  /** A small connection pool: Spring Batch's ordinary production set-up. */
  public HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("spring-batch-" + kind);
    return new HikariDataSource(config);
  }
}
