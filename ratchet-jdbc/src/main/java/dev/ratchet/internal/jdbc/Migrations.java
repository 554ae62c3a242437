package dev.ratchet.internal.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Versioned schema migrations, applied on first use. Every applied version is a row in the {@code
 * ratchet_schema_version} table. On PostgreSQL the migration runs in one transaction under a
 * transaction-scoped advisory lock, so processes starting at once apply each version exactly once;
 * SQLite serializes writers itself ({@code BEGIN IMMEDIATE}).
 */
public final class Migrations {
  private Migrations() {}

  /** The newest schema version this build writes. A database with a newer one is refused. */
  public static final int CURRENT = 5;

  /** Applies missing versions inside the caller's transaction. */
  public static void postgres(Connection conn, Tables t) throws SQLException {
    try (Statement st = conn.createStatement()) {
      try (PreparedStatement lock = conn.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, lockKey(t));
        lock.execute();
      }
      if (t.schema() != null) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + t.quotedSchema());
      }
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + t.version()
              + " (version int PRIMARY KEY, applied_at bigint NOT NULL)");
      int have = currentVersion(conn, t);
      if (have < 1) {
        for (String ddl : postgresV1(t)) {
          st.execute(ddl);
        }
        markApplied(conn, t, 1);
      }
      if (have < 2) {
        for (String ddl : postgresV2(t)) {
          st.execute(ddl);
        }
        markApplied(conn, t, 2);
      }
      if (have < 3) {
        for (String ddl : postgresV3(t)) {
          st.execute(ddl);
        }
        markApplied(conn, t, 3);
      }
      if (have < 4) {
        for (String ddl : postgresV4(t)) {
          st.execute(ddl);
        }
        markApplied(conn, t, 4);
      }
      if (have < 5) {
        for (String ddl : postgresV5(t)) {
          st.execute(ddl);
        }
        markApplied(conn, t, 5);
      }
    }
  }

  public static void sqlite(Connection conn, Tables t) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      try {
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + t.version()
                + " (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        int have = currentVersion(conn, t);
        if (have < 1) {
          for (String ddl : sqliteV1(t)) {
            st.execute(ddl);
          }
          markApplied(conn, t, 1);
        }
        st.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        st.execute("ROLLBACK");
        throw e;
      }
    }
  }

  /**
   * The schema version installed, 0 if Ratchet's tables are absent, without creating anything; a
   * version newer than this build is refused.
   */
  public static int installed(Connection conn, Tables t) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, t.version());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    return currentVersion(conn, t);
  }

  private static int currentVersion(Connection conn, Tables t) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(version) FROM " + t.version())) {
      int version = rs.next() ? rs.getInt(1) : 0;
      if (version > CURRENT) {
        throw new IllegalStateException(
            "the database holds Ratchet schema version "
                + version
                + " but this build knows only up to "
                + CURRENT
                + "; use a newer Ratchet, or another schema");
      }
      return version;
    }
  }

  private static void markApplied(Connection conn, Tables t, int version) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO " + t.version() + " (version, applied_at) VALUES (?, ?)")) {
      ps.setInt(1, version);
      ps.setLong(2, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  static long lockKey(Tables t) {
    CRC32C crc = new CRC32C();
    crc.update(("ratchet-migrations:" + t.schema()).getBytes(StandardCharsets.UTF_8));
    return 0x5241_5443_0000_0000L | crc.getValue();
  }

  private static List<String> postgresV1(Tables t) {
    return List.of(
        "CREATE TABLE "
            + t.runs()
            + " (run_id text PRIMARY KEY, created bigint NOT NULL, last_commit bigint,"
            + " loaded boolean NOT NULL DEFAULT false, item_count bigint NOT NULL DEFAULT 0,"
            + " writer text, writer_expires timestamptz)",
        "CREATE TABLE "
            + t.items()
            + " (run_id text NOT NULL, key text NOT NULL, ordinal bigint, state smallint NOT NULL,"
            + " attempts int NOT NULL DEFAULT 0, interruptions int NOT NULL DEFAULT 0,"
            + " result text, error text, manual boolean NOT NULL DEFAULT false, input text,"
            + " worker text, token bigint, finished_at timestamptz, PRIMARY KEY (run_id, key))",
        "CREATE INDEX ratchet_items_open ON "
            + t.items()
            + " (run_id, ordinal) WHERE state IN (0, 1)",
        "CREATE INDEX ratchet_items_ordinal ON " + t.items() + " (run_id, ordinal)",
        "CREATE TABLE "
            + t.steps()
            + " (run_id text NOT NULL, key text NOT NULL, step text NOT NULL,"
            + " value text NOT NULL, PRIMARY KEY (run_id, key, step))",
        "CREATE TABLE "
            + t.meta()
            + " (run_id text NOT NULL, name text NOT NULL, value text NOT NULL,"
            + " PRIMARY KEY (run_id, name))",
        "CREATE TABLE "
            + t.positions()
            + " (run_id text NOT NULL, name text NOT NULL, value bigint NOT NULL,"
            + " PRIMARY KEY (run_id, name))",
        "CREATE TABLE "
            + t.workers()
            + " (run_id text NOT NULL, worker_id text NOT NULL, host text, pid bigint,"
            + " joined timestamptz NOT NULL DEFAULT now(), lease_expires timestamptz NOT NULL,"
            + " left_run boolean NOT NULL DEFAULT false, PRIMARY KEY (run_id, worker_id))");
  }

  /** Version 2: the run history of cooperative runs (one JSON record per worker that ended). */
  private static List<String> postgresV2(Tables t) {
    return List.of(
        "CREATE TABLE "
            + t.history()
            + " (id bigserial PRIMARY KEY, run_id text NOT NULL, ended timestamptz NOT NULL,"
            + " record text NOT NULL)",
        "CREATE INDEX ratchet_history_ended ON " + t.history() + " (ended)");
  }

  /**
   * Version 3: shared runs lease ranges of items (chunks) and append outcomes. The inputs live in
   * their own table; {@code chunks} holds the leased and returned ranges; the run's {@code
   * next_ordinal} is the first ordinal never leased (NULL for runs loaded by an older version,
   * which leased one row per item).
   */
  private static List<String> postgresV3(Tables t) {
    return List.of(
        "CREATE TABLE "
            + t.inputs()
            + " (run_id text NOT NULL, ordinal bigint NOT NULL, key text NOT NULL, input text,"
            + " PRIMARY KEY (run_id, ordinal), UNIQUE (run_id, key))",
        "CREATE TABLE "
            + t.chunks()
            + " (run_id text NOT NULL, lo bigint NOT NULL, hi bigint NOT NULL, worker text,"
            + " token bigint, attempts int NOT NULL DEFAULT 0,"
            + " interruptions int NOT NULL DEFAULT 0, pending int NOT NULL,"
            + " PRIMARY KEY (run_id, lo))",
        "CREATE INDEX ratchet_chunks_token ON " + t.chunks() + " (run_id, token)",
        "ALTER TABLE " + t.runs() + " ADD COLUMN next_ordinal bigint");
  }

  /**
   * Version 4: the outcomes of chunked runs move to their own table keyed by ordinal (one bigint
   * index to maintain per appended row, where {@code items} keeps a text key and two ordinal
   * indexes); the rows of runs loaded by version 3 move there, so those runs go on as before. The
   * {@code recorded} view reads both tables, for status and export.
   */
  private static List<String> postgresV4(Tables t) {
    String chunked = "(SELECT run_id FROM " + t.runs() + " WHERE next_ordinal IS NOT NULL)";
    return List.of(
        "CREATE TABLE "
            + t.outcomes()
            + " (run_id text NOT NULL, ordinal bigint NOT NULL, key text NOT NULL,"
            + " state smallint NOT NULL, attempts int NOT NULL DEFAULT 0,"
            + " interruptions int NOT NULL DEFAULT 0, result text, error text, token bigint,"
            + " finished_at timestamptz, PRIMARY KEY (run_id, ordinal))",
        "INSERT INTO "
            + t.outcomes()
            + " SELECT run_id, ordinal, key, state, attempts, interruptions, result, error, token,"
            + " finished_at FROM "
            + t.items()
            + " WHERE run_id IN "
            + chunked
            + " AND ordinal IS NOT NULL",
        "DELETE FROM " + t.items() + " WHERE run_id IN " + chunked,
        "CREATE VIEW "
            + t.recorded()
            + " AS SELECT run_id, key, ordinal, state, attempts, interruptions, result, error,"
            + " manual, input, worker, token, finished_at FROM "
            + t.items()
            + " UNION ALL SELECT run_id, key, ordinal, state, attempts, interruptions, result,"
            + " error, false, NULL::text, NULL::text, token, finished_at FROM "
            + t.outcomes());
  }

  /**
   * Version 5: an outcome row no longer holds its item's key, which its input row holds already
   * (the run and the ordinal lead to it): about a tenth less to write per appended outcome. The
   * {@code recorded} view takes an outcome's key (and input) from its input row. Every run goes on
   * as before; dropping a column rewrites nothing.
   */
  private static List<String> postgresV5(Tables t) {
    return List.of(
        "DROP VIEW " + t.recorded(),
        "ALTER TABLE " + t.outcomes() + " DROP COLUMN key",
        "CREATE VIEW "
            + t.recorded()
            + " AS SELECT run_id, key, ordinal, state, attempts, interruptions, result, error,"
            + " manual, input, worker, token, finished_at FROM "
            + t.items()
            + " UNION ALL SELECT o.run_id, i.key, o.ordinal, o.state, o.attempts,"
            + " o.interruptions, o.result, o.error, false, i.input, NULL::text, o.token,"
            + " o.finished_at FROM "
            + t.outcomes()
            + " o JOIN "
            + t.inputs()
            + " i ON i.run_id = o.run_id AND i.ordinal = o.ordinal");
  }

  private static List<String> sqliteV1(Tables t) {
    return List.of(
        "CREATE TABLE "
            + t.runs()
            + " (run_id TEXT PRIMARY KEY, created INTEGER NOT NULL, last_commit INTEGER,"
            + " loaded INTEGER NOT NULL DEFAULT 0, item_count INTEGER NOT NULL DEFAULT 0,"
            + " writer TEXT, writer_expires INTEGER)",
        "CREATE TABLE "
            + t.items()
            + " (run_id TEXT NOT NULL, key TEXT NOT NULL, ordinal INTEGER, state INTEGER NOT NULL,"
            + " attempts INTEGER NOT NULL DEFAULT 0, interruptions INTEGER NOT NULL DEFAULT 0,"
            + " result TEXT, error TEXT, manual INTEGER NOT NULL DEFAULT 0, input TEXT,"
            + " worker TEXT, token INTEGER, finished_at INTEGER, PRIMARY KEY (run_id, key))",
        "CREATE INDEX ratchet_items_ordinal ON " + t.items() + " (run_id, ordinal)",
        "CREATE TABLE "
            + t.steps()
            + " (run_id TEXT NOT NULL, key TEXT NOT NULL, step TEXT NOT NULL,"
            + " value TEXT NOT NULL, PRIMARY KEY (run_id, key, step))",
        "CREATE TABLE "
            + t.meta()
            + " (run_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
            + " PRIMARY KEY (run_id, name))",
        "CREATE TABLE "
            + t.positions()
            + " (run_id TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,"
            + " PRIMARY KEY (run_id, name))");
  }
}
