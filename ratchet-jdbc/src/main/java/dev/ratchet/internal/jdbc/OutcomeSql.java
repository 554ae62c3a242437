package dev.ratchet.internal.jdbc;

import dev.ratchet.internal.jdbc.WorkerSql.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Appending the outcomes of a chunked shared run on PostgreSQL: one multi-row {@code INSERT} into
 * the outcomes table (keyed by ordinal, without the key: the input row holds it), either alone or,
 * for the common completion of a whole chunk, in one statement with the delete of the chunk's lease
 * row. The ordinals are sent as an array; a column whose value is the same for every outcome (the
 * state, attempts and interruptions of a batch, mostly, and a result or error that is null
 * throughout) is sent once as a scalar, so the usual completion binds the ordinals and a results
 * array, not six arrays.
 */
final class OutcomeSql {
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
    Columns columns = Columns.of(record);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.outcomes()
                + columns.sql
                + " ON CONFLICT (run_id, ordinal) DO NOTHING")) {
      columns.bind(c, ps, 1, runId, token, record);
      return ps.executeUpdate();
    }
  }

  /**
   * Completes a whole chunk in one statement: deletes {@code workerId}'s chunk that carries {@code
   * token}, holds every ordinal of {@code record} and has exactly as many unrecorded items as
   * {@code record} holds, and appends the outcomes only if it did. Returns whether it did. An
   * outcome already recorded (a lost acknowledgement) makes the statement fail with a unique
   * violation rather than delete a chunk whose other items are not recorded; the caller then rolls
   * back and counts again. So the chunk's delete alone tells that every outcome was appended: the
   * statement returns no row per outcome.
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
    Columns columns = Columns.of(record);
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH ch AS (DELETE FROM "
                + t.chunks()
                + " WHERE run_id = ? AND token = ? AND worker = ? AND pending = ? AND lo <= ?"
                + " AND hi > ? RETURNING lo), ins AS (INSERT INTO "
                + t.outcomes()
                + columns.sql
                + " WHERE EXISTS (SELECT 1 FROM ch)) SELECT count(*) FROM ch")) {
      ps.setString(1, runId);
      ps.setLong(2, token);
      ps.setString(3, workerId);
      ps.setInt(4, record.size());
      ps.setLong(5, min);
      ps.setLong(6, max);
      columns.bind(c, ps, 7, runId, token, record);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    }
  }

  /**
   * The SELECT that feeds the INSERT: which of the five per-item columns (state, attempts,
   * interruptions, result, error) vary and so are sent as arrays, and which are one value for all.
   */
  private static final class Columns {
    private static final String[] NAMES = {"state", "attempts", "interruptions", "result", "error"};
    private static final String[] TYPES = {"int", "int", "int", "text", "text"};

    final boolean[] varies = new boolean[5];
    final String sql;

    private Columns(List<Outcome> record) {
      Outcome first = record.get(0);
      for (Outcome o : record) {
        varies[0] |= o.state() != first.state();
        varies[1] |= o.attempts() != first.attempts();
        varies[2] |= o.interruptions() != first.interruptions();
        varies[3] |= !Objects.equals(o.result(), first.result());
        varies[4] |= !Objects.equals(o.error(), first.error());
      }
      StringBuilder select = new StringBuilder(" SELECT ?, v.ordinal");
      StringBuilder arrays = new StringBuilder(" FROM unnest(?::bigint[]");
      StringBuilder names = new StringBuilder(" AS v(ordinal");
      for (int i = 0; i < NAMES.length; i++) {
        if (varies[i]) {
          select.append(", v.").append(NAMES[i]);
          arrays.append(", ?::").append(TYPES[i]).append("[]");
          names.append(", ").append(NAMES[i]);
        } else {
          select.append(", ?::").append(TYPES[i]);
        }
      }
      this.sql =
          " (run_id, ordinal, state, attempts, interruptions, result, error, token,"
              + " finished_at)"
              + select
              + ", ?, now()"
              + arrays
              + ")"
              + names
              + ")";
    }

    static Columns of(List<Outcome> record) {
      return new Columns(record);
    }

    /** Binds the parameters from {@code at}: run, scalars, token, then the arrays. */
    void bind(
        Connection c, PreparedStatement ps, int at, String runId, long token, List<Outcome> record)
        throws SQLException {
      int n = record.size();
      Long[] ordinals = new Long[n];
      for (int i = 0; i < n; i++) {
        ordinals[i] = record.get(i).ordinal();
      }
      int p = at;
      ps.setString(p++, runId);
      Outcome first = record.get(0);
      for (int col = 0; col < NAMES.length; col++) {
        if (!varies[col]) {
          Object v = value(first, col);
          if (v instanceof Integer x) {
            ps.setInt(p++, x);
          } else {
            ps.setString(p++, (String) v);
          }
        }
      }
      ps.setLong(p++, token);
      ps.setArray(p++, c.createArrayOf("bigint", ordinals));
      for (int col = 0; col < NAMES.length; col++) {
        if (varies[col]) {
          Object[] values = col < 3 ? new Integer[n] : new String[n];
          for (int i = 0; i < n; i++) {
            values[i] = value(record.get(i), col);
          }
          ps.setArray(p++, c.createArrayOf(col < 3 ? "int4" : "text", values));
        }
      }
    }

    private static Object value(Outcome o, int col) {
      return switch (col) {
        case 0 -> o.state();
        case 1 -> o.attempts();
        case 2 -> o.interruptions();
        case 3 -> o.result();
        default -> o.error();
      };
    }
  }
}
