package dev.ratchet.internal.jdbc;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of cooperating workers on PostgreSQL: joining, renewing a worker lease, claiming with
 * {@code FOR UPDATE SKIP LOCKED}, and committing with a fencing token in the {@code WHERE}.
 *
 * <p>A claim first looks for rows already carrying its token, so a claim whose commit
 * acknowledgement was lost is found again instead of leaking items; a completion likewise counts
 * rows that already carry its token and outcome as committed.
 */
public final class WorkerSql {
  /** A claimed row. */
  public record Row(String key, long ordinal, String input, int attempts, int interruptions) {}

  /** One outcome to write. */
  public record Outcome(String key, long token, int state, String result, String error) {}

  /** How the error of an item FAILED for crashing its workers starts (as in file mode). */
  public static final String CRASHED = "crashed the process ";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tables t;
  private final String runId;
  private final String workerId;

  public WorkerSql(Tables t, String runId, String workerId) {
    this.t = t;
    this.runId = runId;
    this.workerId = workerId;
  }

  public void join(Connection c, String host, long pid, Duration lease) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.workers()
                + " (run_id, worker_id, host, pid, lease_expires)"
                + " VALUES (?, ?, ?, ?, now() + ? * interval '1 millisecond')")) {
      ps.setString(1, runId);
      ps.setString(2, workerId);
      ps.setString(3, host);
      ps.setLong(4, pid);
      ps.setLong(5, lease.toMillis());
      ps.executeUpdate();
    }
  }

  /** Extends this worker's lease; false if the worker row is gone or it left. */
  public boolean renew(Connection c, Duration lease) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.workers()
                + " SET lease_expires = now() + ? * interval '1 millisecond'"
                + " WHERE run_id = ? AND worker_id = ? AND NOT left_run")) {
      ps.setLong(1, lease.toMillis());
      ps.setString(2, runId);
      ps.setString(3, workerId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Leaves the run; the items this worker still holds go back to pending at once. */
  public void leave(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.items()
                + " SET state = 0, worker = NULL WHERE run_id = ? AND worker = ? AND state = 1")) {
      ps.setString(1, runId);
      ps.setString(2, workerId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.workers()
                + " SET left_run = true, lease_expires = now() WHERE run_id = ? AND worker_id = ?")) {
      ps.setString(1, runId);
      ps.setString(2, workerId);
      ps.executeUpdate();
    }
  }

  /**
   * A new fencing token. Tokens are only compared for equality, so a random 63-bit number drawn by
   * the claimer is as good as a sequence and saves a round trip.
   */
  public static long newToken() {
    return RANDOM.nextLong() & Long.MAX_VALUE;
  }

  /**
   * Claims items: first, one item whose worker's lease ran out (alone, so an item that kills its
   * worker cannot take a batch with it; one interrupted {@code crashLimit} times is FAILED
   * instead), else up to {@code max} pending ones, in input order.
   */
  public List<Row> claim(Connection c, long token, int max, int crashLimit) throws SQLException {
    List<Row> earlier =
        rows(
            c,
            "SELECT key, ordinal, input, attempts, interruptions FROM "
                + t.items()
                + " WHERE run_id = ? AND token = ? AND state = 1 AND worker = ?",
            token);
    if (!earlier.isEmpty()) {
      return earlier;
    }
    while (true) {
      String[] lapsed = lapsed(c);
      if (lapsed == null) {
        break;
      }
      int interruptions = Integer.parseInt(lapsed[1]) + 1;
      if (interruptions >= crashLimit) {
        failCrashed(c, lapsed[0], interruptions);
        continue;
      }
      return take(c, token, "u.key = ?", lapsed[0], 1);
    }
    List<Row> out =
        take(
            c,
            token,
            "u.key = ANY(ARRAY(SELECT key FROM "
                + t.items()
                + " WHERE run_id = ? AND state = 0 ORDER BY ordinal LIMIT ? FOR UPDATE SKIP LOCKED))",
            null,
            max);
    out.sort((a, b) -> Long.compare(a.ordinal(), b.ordinal()));
    return out;
  }

  /** The key and interruptions of the first item whose worker's lease ran out, or null. */
  private String[] lapsed(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT i.key, i.interruptions FROM "
                + t.items()
                + " i WHERE i.run_id = ? AND i.state = 1 AND NOT EXISTS (SELECT 1 FROM "
                + t.workers()
                + " w WHERE w.run_id = i.run_id AND w.worker_id = i.worker"
                + " AND w.lease_expires > now() AND NOT w.left_run)"
                + " ORDER BY i.ordinal LIMIT 1 FOR UPDATE OF i SKIP LOCKED")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new String[] {rs.getString(1), Integer.toString(rs.getInt(2))} : null;
      }
    }
  }

  private void failCrashed(Connection c, String key, int interruptions) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.items()
                + " SET state = 3, interruptions = ?, error = ?, result = NULL, finished_at = now()"
                + " WHERE run_id = ? AND key = ?")) {
      ps.setInt(1, interruptions);
      ps.setString(2, CRASHED + interruptions + " times");
      ps.setString(3, runId);
      ps.setString(4, key);
      ps.executeUpdate();
    }
  }

  /** Claims the items that {@code which} selects (with {@code key} or the run and a limit). */
  private List<Row> take(Connection c, long token, String which, String key, int max)
      throws SQLException {
    String sql =
        "UPDATE "
            + t.items()
            + " u SET state = 1, worker = ?, token = ?, attempts = u.attempts + 1,"
            + " interruptions = u.interruptions + CASE WHEN u.state = 1 THEN 1 ELSE 0 END,"
            + " finished_at = NULL WHERE u.run_id = ? AND "
            + which
            + " RETURNING u.key, u.ordinal, u.input, u.attempts, u.interruptions";
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, workerId);
      ps.setLong(2, token);
      ps.setString(3, runId);
      if (key != null) {
        ps.setString(4, key);
      } else {
        ps.setString(4, runId);
        ps.setInt(5, max);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  private List<Row> rows(Connection c, String sql, long token) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY ordinal")) {
      ps.setString(1, runId);
      ps.setLong(2, token);
      ps.setString(3, workerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5));
  }

  /** Counts of items still open: [pending or claimable, leased by live workers]. */
  public long[] open(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FILTER (WHERE state = 0), count(*) FILTER (WHERE state = 1) FROM "
                + t.items()
                + " WHERE run_id = ? AND state IN (0, 1)")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /**
   * Writes outcomes whose row still carries their token and this worker; returns the keys written,
   * plus the keys a lost acknowledgement had already written.
   */
  public Set<String> complete(Connection c, List<Outcome> outcomes) throws SQLException {
    int n = outcomes.size();
    String[] keys = new String[n];
    Long[] tokens = new Long[n];
    Integer[] states = new Integer[n];
    String[] results = new String[n];
    String[] errors = new String[n];
    Map<String, Outcome> byKey = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      keys[i] = o.key();
      tokens[i] = o.token();
      states[i] = o.state();
      results[i] = o.result();
      errors[i] = o.error();
      byKey.put(o.key(), o);
    }
    Set<String> done = new HashSet<>();
    Array keyArray = c.createArrayOf("text", keys);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.items()
                + " i SET state = v.state, result = v.result, error = v.error,"
                + " worker = CASE WHEN v.state = 0 THEN NULL ELSE i.worker END,"
                + " finished_at = now()"
                + " FROM unnest(?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[])"
                + " AS v(key, token, state, result, error)"
                + " WHERE i.run_id = ? AND i.key = v.key AND i.token = v.token AND i.state = 1"
                + " AND i.worker = ? RETURNING i.key")) {
      ps.setArray(1, keyArray);
      ps.setArray(2, c.createArrayOf("bigint", tokens));
      ps.setArray(3, c.createArrayOf("int4", states));
      ps.setArray(4, c.createArrayOf("text", results));
      ps.setArray(5, c.createArrayOf("text", errors));
      ps.setString(6, runId);
      ps.setString(7, workerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          done.add(rs.getString(1));
        }
      }
    }
    if (done.size() == n) {
      return done;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT key, token, state FROM "
                + t.items()
                + " WHERE run_id = ? AND key = ANY(?) AND state <> 1")) {
      ps.setString(1, runId);
      ps.setArray(2, keyArray);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Outcome o = byKey.get(rs.getString(1));
          if (o != null
              && !done.contains(o.key())
              && rs.getLong(2) == o.token()
              && rs.getInt(3) == o.state()
              && o.state() != 0) {
            done.add(o.key());
          }
        }
      }
    }
    return done;
  }
}
