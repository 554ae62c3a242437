package dev.ratchet.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The sub-step values of a shared run's items on PostgreSQL, in the {@code steps} table keyed by
 * (run, item key, step), so that a worker that takes an item over after a crash resumes after its
 * last stored step. A value is stored only while the chunk holding the item still carries the
 * claim's token and belongs to this worker (the fence {@link ChunkSql#complete} uses); the chunk
 * row is locked for share meanwhile, so a takeover waits for the store or the store sees the
 * takeover.
 */
public final class StepSql {
  private final Tables t;
  private final String runId;
  private final String workerId;

  public StepSql(Tables t, String runId, String workerId) {
    this.t = t;
    this.runId = runId;
    this.workerId = workerId;
  }

  /** The stored step values of item {@code key}, by step name. */
  public Map<String, String> steps(Connection c, String key) throws SQLException {
    Map<String, String> steps = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT step, value FROM " + t.steps() + " WHERE run_id = ? AND key = ?")) {
      ps.setString(1, runId);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          steps.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return steps;
  }

  /**
   * Stores (or replaces) the value of step {@code step} of the item at {@code ordinal} if this
   * worker's chunk holding it still carries {@code token}; false if it was taken over.
   */
  public boolean save(Connection c, String key, long ordinal, long token, String step, String value)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH held AS (SELECT 1 FROM "
                + t.chunks()
                + " WHERE run_id = ? AND token = ? AND worker = ? AND lo <= ? AND hi > ?"
                + " FOR SHARE) INSERT INTO "
                + t.steps()
                + " (run_id, key, step, value) SELECT ?, ?, ?, ? FROM held"
                + " ON CONFLICT (run_id, key, step) DO UPDATE SET value = EXCLUDED.value")) {
      ps.setString(1, runId);
      ps.setLong(2, token);
      ps.setString(3, workerId);
      ps.setLong(4, ordinal);
      ps.setLong(5, ordinal);
      ps.setString(6, runId);
      ps.setString(7, key);
      ps.setString(8, step);
      ps.setString(9, value);
      return ps.executeUpdate() == 1;
    }
  }
}
