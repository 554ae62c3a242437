package dev.ratchet.internal.jdbc;

import dev.ratchet.internal.jdbc.WorkerSql.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Appending the outcomes of a chunked shared run on PostgreSQL: one multi-row {@code INSERT} into
 * the outcomes table (keyed by ordinal), either alone or, for the common completion of a whole
 * chunk, in one statement with the delete of the chunk's lease row.
 */
final class OutcomeSql {
  private static final String COLUMNS =
      " (run_id, key, ordinal, state, attempts, interruptions, result, error, token, finished_at)"
          + " SELECT ?, v.key, v.ordinal, v.state, v.attempts, v.interruptions, v.result, v.error,"
          + " ?, now() FROM unnest(?::text[], ?::bigint[], ?::int[], ?::int[], ?::int[],"
          + " ?::text[], ?::text[]) AS v(key, ordinal, state, attempts, interruptions, result,"
          + " error)";

  private final Tables t;
  private final String runId;

  OutcomeSql(Tables t, String runId) {
    this.t = t;
    this.runId = runId;
  }

  /** One multi-row INSERT of the outcomes (none already recorded is replaced); the rows written. */
  int append(Connection c, long token, List<Outcome> record) throws SQLException {
    if (record.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.outcomes()
                + COLUMNS
                + " ON CONFLICT (run_id, ordinal) DO NOTHING")) {
      bind(c, ps, 1, token, record);
      return ps.executeUpdate();
    }
  }

  /**
   * Completes a whole chunk in one statement: deletes {@code workerId}'s chunk that carries {@code
   * token}, holds every ordinal of {@code record} and has exactly as many unrecorded items as
   * {@code record} holds, and appends the outcomes only if it did. Returns whether it did. An
   * outcome already recorded (a lost acknowledgement) makes the statement fail with a unique
   * violation rather than delete a chunk whose other items are not recorded; the caller then rolls
   * back and counts again.
   *
   * @param record outcomes with distinct ordinals, none released
   */
  boolean whole(Connection c, String workerId, long token, List<Outcome> record)
      throws SQLException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Outcome o : record) {
      min = Math.min(min, o.ordinal());
      max = Math.max(max, o.ordinal());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH ch AS (DELETE FROM "
                + t.chunks()
                + " WHERE run_id = ? AND token = ? AND worker = ? AND pending = ? AND lo <= ?"
                + " AND hi > ? RETURNING lo), ins AS (INSERT INTO "
                + t.outcomes()
                + COLUMNS
                + " WHERE EXISTS (SELECT 1 FROM ch) RETURNING 1) SELECT count(*) FROM ins")) {
      ps.setString(1, runId);
      ps.setLong(2, token);
      ps.setString(3, workerId);
      ps.setInt(4, record.size());
      ps.setLong(5, min);
      ps.setLong(6, max);
      bind(c, ps, 7, token, record);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == record.size();
      }
    }
  }

  private void bind(Connection c, PreparedStatement ps, int at, long token, List<Outcome> record)
      throws SQLException {
    int n = record.size();
    String[] keys = new String[n];
    Long[] ordinals = new Long[n];
    Integer[] states = new Integer[n];
    Integer[] attempts = new Integer[n];
    Integer[] interruptions = new Integer[n];
    String[] results = new String[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome o = record.get(i);
      keys[i] = o.key();
      ordinals[i] = o.ordinal();
      states[i] = o.state();
      attempts[i] = o.attempts();
      interruptions[i] = o.interruptions();
      results[i] = o.result();
      errors[i] = o.error();
    }
    ps.setString(at, runId);
    ps.setLong(at + 1, token);
    ps.setArray(at + 2, c.createArrayOf("text", keys));
    ps.setArray(at + 3, c.createArrayOf("bigint", ordinals));
    ps.setArray(at + 4, c.createArrayOf("int4", states));
    ps.setArray(at + 5, c.createArrayOf("int4", attempts));
    ps.setArray(at + 6, c.createArrayOf("int4", interruptions));
    ps.setArray(at + 7, c.createArrayOf("text", results));
    ps.setArray(at + 8, c.createArrayOf("text", errors));
  }
}
