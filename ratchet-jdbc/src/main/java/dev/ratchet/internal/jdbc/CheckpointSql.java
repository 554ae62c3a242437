package dev.ratchet.internal.jdbc;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.StateCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The SQL behind the {@code CheckpointStore} contract, shared by the PostgreSQL and SQLite stores.
 * Every value is a bound parameter; only the validated table names are spliced in.
 *
 * <p>An item row that was only loaded (PENDING, no attempts, not manual) counts as never recorded.
 */
public final class CheckpointSql {
  private static final Pattern ORDINAL = Pattern.compile("0|[1-9][0-9]{0,17}");
  private static final String RECORDED = "(state <> 0 OR attempts > 0 OR manual)";

  private final Tables t;
  private final String runId;

  public CheckpointSql(Tables t, String runId) {
    this.t = t;
    this.runId = runId;
  }

  /** Creates the run row if absent; true if it was created. */
  public boolean ensureRun(Connection c, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.runs()
                + " (run_id, created) VALUES (?, ?) ON CONFLICT (run_id) DO NOTHING")) {
      ps.setString(1, runId);
      ps.setLong(2, now);
      return ps.executeUpdate() == 1;
    }
  }

  public boolean runExists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM " + t.runs() + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Applies every change of the commit, in order, inside the caller's transaction. */
  public void apply(Connection c, Commit commit, long now) throws SQLException {
    try (Batches b = new Batches(c)) {
      for (Change change : commit.changes()) {
        if (change instanceof Change.Item item) {
          applyItem(b, item);
        } else if (change instanceof Change.Step step) {
          PreparedStatement ps =
              b.use(
                  "INSERT INTO "
                      + t.steps()
                      + " (run_id, key, step, value) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value");
          ps.setString(1, runId);
          ps.setString(2, step.key());
          ps.setString(3, step.step());
          ps.setString(4, step.value());
          ps.addBatch();
        } else if (change instanceof Change.Position pos) {
          PreparedStatement ps =
              b.use(
                  "INSERT INTO "
                      + t.positions()
                      + " (run_id, name, value) VALUES (?, ?, ?)"
                      + " ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value");
          ps.setString(1, runId);
          ps.setString(2, pos.name());
          ps.setLong(3, pos.value());
          ps.addBatch();
        } else if (change instanceof Change.Meta meta) {
          applyMeta(b, meta);
        }
      }
      b.flush();
    }
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + t.runs() + " SET last_commit = ? WHERE run_id = ?")) {
      ps.setLong(1, now);
      ps.setString(2, runId);
      ps.executeUpdate();
    }
  }

  private void applyItem(Batches b, Change.Item item) throws SQLException {
    PreparedStatement ps =
        b.use(
            "INSERT INTO "
                + t.items()
                + " (run_id, key, ordinal, state, attempts, interruptions, result, error, manual)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET"
                + " state = excluded.state, attempts = excluded.attempts,"
                + " interruptions = excluded.interruptions, result = excluded.result,"
                + " error = excluded.error, manual = excluded.manual, worker = NULL, token = NULL");
    ps.setString(1, runId);
    ps.setString(2, item.key());
    if (ORDINAL.matcher(item.key()).matches()) {
      ps.setLong(3, Long.parseLong(item.key()));
    } else {
      ps.setNull(3, Types.BIGINT);
    }
    ps.setInt(4, item.state().code());
    ps.setInt(5, item.attempts());
    ps.setInt(6, item.interruptions());
    ps.setString(7, item.result());
    ps.setString(8, item.error());
    ps.setBoolean(9, item.manual());
    ps.addBatch();
    if (item.state() == ItemState.DONE) {
      PreparedStatement del = b.use("DELETE FROM " + t.steps() + " WHERE run_id = ? AND key = ?");
      del.setString(1, runId);
      del.setString(2, item.key());
      del.addBatch();
    }
  }

  private void applyMeta(Batches b, Change.Meta meta) throws SQLException {
    if (meta.value() == null) {
      PreparedStatement ps = b.use("DELETE FROM " + t.meta() + " WHERE run_id = ? AND name = ?");
      ps.setString(1, runId);
      ps.setString(2, meta.name());
      ps.addBatch();
      return;
    }
    PreparedStatement ps =
        b.use(
            "INSERT INTO "
                + t.meta()
                + " (run_id, name, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value");
    ps.setString(1, runId);
    ps.setString(2, meta.name());
    ps.setString(3, meta.value());
    ps.addBatch();
  }

  public Optional<ItemRecord> get(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT key, state, attempts, interruptions, result, error, manual FROM "
                + t.items()
                + " WHERE run_id = ? AND key = ? AND "
                + RECORDED)) {
      ps.setString(1, runId);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(record(rs, steps(c, key)));
      }
    }
  }

  private Map<String, String> steps(Connection c, String key) throws SQLException {
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

  /** Visits every recorded item; the caller's connection must allow a streaming cursor. */
  public void forEach(Connection c, Consumer<ItemRecord> action) throws SQLException {
    Map<String, Map<String, String>> steps = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT key, step, value FROM " + t.steps() + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          steps
              .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
              .put(rs.getString(2), rs.getString(3));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT key, state, attempts, interruptions, result, error, manual FROM "
                + t.items()
                + " WHERE run_id = ? AND "
                + RECORDED)) {
      ps.setFetchSize(1000);
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, String> s = steps.remove(rs.getString(1));
          action.accept(record(rs, s == null ? Map.of() : s));
        }
      }
    }
  }

  private static ItemRecord record(ResultSet rs, Map<String, String> steps) throws SQLException {
    return new ItemRecord(
        rs.getString(1),
        ItemState.ofCode(rs.getInt(2)),
        rs.getInt(3),
        rs.getInt(4),
        rs.getString(5),
        rs.getString(6),
        rs.getBoolean(7),
        steps);
  }

  /** The largest n such that the keys "0" … "n-1" are all DONE. */
  public long doneOrdinalPrefix(Connection c) throws SQLException {
    String items = t.items();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM "
                + items
                + " z WHERE z.run_id = ? AND z.ordinal = 0 AND z.key = '0' AND z.state = 2)"
                + " THEN (SELECT min(a.ordinal) + 1 FROM "
                + items
                + " a WHERE a.run_id = ? AND a.state = 2 AND a.ordinal IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM "
                + items
                + " b WHERE b.run_id = a.run_id AND b.ordinal = a.ordinal + 1 AND b.state = 2"
                + " AND b.key = CAST(a.ordinal + 1 AS TEXT)))"
                + " ELSE 0 END")) {
      ps.setString(1, runId);
      ps.setString(2, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  public StateCounts counts(Connection c) throws SQLException {
    long[] byState = countsByState(c);
    return new StateCounts(byState[1], byState[2], byState[3], byState[4]);
  }

  /**
   * How many of the run's items are in each state, indexed by the state's code, in one statement so
   * that the parts add up to the total.
   */
  long[] countsByState(Connection c) throws SQLException {
    long[] byState = new long[5];
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state, count(*) FROM " + t.items() + " WHERE run_id = ? GROUP BY state")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byState[rs.getInt(1)] = rs.getLong(2);
        }
      }
    }
    return byState;
  }

  /** Items that were loaded but never claimed or recorded. */
  public long pending(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM " + t.items() + " WHERE run_id = ? AND state = 0")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  public Map<String, String> metadata(Connection c) throws SQLException {
    return pairs(c, "SELECT name, value FROM " + t.meta() + " WHERE run_id = ?", false);
  }

  public Map<String, Long> positions(Connection c) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT name, value FROM " + t.positions() + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  public List<String> interrupted(Connection c) throws SQLException {
    return new ArrayList<>(
        pairs(c, "SELECT key, key FROM " + t.items() + " WHERE run_id = ? AND state = 1", true)
            .keySet());
  }

  public List<CheckpointInfo.FailedItem> failed(Connection c) throws SQLException {
    List<CheckpointInfo.FailedItem> out = new ArrayList<>();
    for (var e :
        pairs(
                c,
                "SELECT key, coalesce(error, '') FROM "
                    + t.items()
                    + " WHERE run_id = ? AND state = 3",
                true)
            .entrySet()) {
      out.add(new CheckpointInfo.FailedItem(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** created and last_commit in epoch milliseconds (0 when unknown). */
  public long[] times(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT created, last_commit FROM " + t.runs() + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
      }
    }
  }

  /** Removes every row of this run, and nothing else. */
  public void deleteRun(Connection c, boolean withWorkers) throws SQLException {
    List<String> tables =
        new ArrayList<>(List.of(t.steps(), t.items(), t.meta(), t.positions(), t.runs()));
    if (withWorkers) {
      tables.addAll(List.of(t.workers(), t.chunks(), t.inputs(), t.outcomes()));
    }
    for (String table : tables) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
        ps.setString(1, runId);
        ps.executeUpdate();
      }
    }
  }

  private Map<String, String> pairs(Connection c, String sql, boolean ordered) throws SQLException {
    Map<String, String> out = ordered ? new LinkedHashMap<>() : new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(sql + (ordered ? " ORDER BY ordinal, key" : ""))) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }
}
