package dev.ratchet.internal.jdbc;

import dev.ratchet.store.DoneItem;
import dev.ratchet.store.RunProgress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The run-level SQL of a shared run: progress in one read, failed items back, DONE pages. */
public final class RunSql {
  /** Where a page of DONE items ends: the next page starts after it. */
  public record Page(List<DoneItem> items, long lastOrdinal, String lastKey) {}

  private final Tables t;
  private final String runId;

  public RunSql(Tables t, String runId) {
    this.t = t;
    this.runId = runId;
  }

  /** Every item of the run by state, in one statement, so the parts add up to the total. */
  public RunProgress progress(Connection c) throws SQLException {
    ChunkSql chunks = new ChunkSql(t, runId);
    long[] byState =
        Boolean.TRUE.equals(chunks.chunked(c))
            ? chunks.countsByState(c)
            : new CheckpointSql(t, runId).countsByState(c);
    long total = 0;
    for (long n : byState) {
      total += n;
    }
    return new RunProgress(total, byState[0], byState[1], byState[2], byState[3], byState[4]);
  }

  /** FAILED items (except those that crashed the process) back to pending; returns how many. */
  public long retryFailed(Connection c) throws SQLException {
    ChunkSql chunks = new ChunkSql(t, runId);
    if (Boolean.TRUE.equals(chunks.chunked(c))) {
      return chunks.retryFailed(c);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.items()
                + " SET state = 0, worker = NULL, error = NULL, result = NULL, finished_at = NULL,"
                + " interruptions = 0 WHERE run_id = ? AND state = 3"
                + " AND (error IS NULL OR error NOT LIKE ?)")) {
      ps.setString(1, runId);
      ps.setString(2, WorkerSql.CRASHED + "%");
      return ps.executeUpdate();
    }
  }

  /** Up to {@code limit} DONE items after ({@code ordinal}, {@code key}), in input order. */
  public Page done(Connection c, long ordinal, String key, int limit) throws SQLException {
    List<DoneItem> items = new ArrayList<>();
    long lastOrdinal = ordinal;
    String lastKey = key;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.key, coalesce(r.input, i.input), r.result, r.ordinal FROM "
                + t.recorded()
                + " r LEFT JOIN "
                + t.inputs()
                + " i ON i.run_id = r.run_id AND i.ordinal = r.ordinal"
                + " WHERE r.run_id = ? AND r.state = 2 AND NOT r.manual AND r.error IS NULL AND (r.ordinal, r.key) > (?, ?)"
                + " ORDER BY r.ordinal, r.key LIMIT ?")) {
      ps.setString(1, runId);
      ps.setLong(2, ordinal);
      ps.setString(3, key);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String input = rs.getString(2);
          items.add(new DoneItem(rs.getString(1), input == null ? "" : input, rs.getString(3)));
          lastKey = rs.getString(1);
          lastOrdinal = rs.getLong(4);
        }
      }
    }
    return new Page(items, lastOrdinal, lastKey);
  }
}
