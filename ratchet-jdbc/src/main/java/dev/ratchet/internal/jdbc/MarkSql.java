package dev.ratchet.internal.jdbc;

import dev.ratchet.ItemState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * An operator's mark of one item of a shared PostgreSQL run ({@code ratchet mark --store}), in one
 * transaction that keeps the chunk invariant of {@link ChunkSql}: every item is recorded, in a
 * chunk (counted in its {@code pending} if unrecorded), or past the run's cursor. Marking DONE or
 * SKIPPED records the item in {@code outcomes} (with no result, and DONE with the error {@link
 * #MARKED_DONE}, which keeps it out of the export as a manual record is) and takes it out of its
 * chunk, or moves the cursor past it (the items it skips over become a returned chunk). Marking
 * PENDING deletes its outcome and puts it back in its chunk, or in a returned chunk of its own. An
 * item in a chunk that a live worker leases is refused: that worker is working on it.
 */
public final class MarkSql {
  /**
   * The error of an item marked DONE by hand: the outcomes table has no manual column, and a DONE
   * outcome has no error otherwise, so the export leaves such items out by it.
   */
  public static final String MARKED_DONE = "marked done by hand";

  /** What the item was, or why it could not be marked. */
  public record Marked(ItemState before, String refused) {}

  private final Tables t;
  private final String runId;

  public MarkSql(Tables t, String runId) {
    this.t = t;
    this.runId = runId;
  }

  /**
   * Marks item {@code key}; returns null if the run has no such item.
   *
   * @param state DONE, SKIPPED or PENDING
   */
  public Marked mark(Connection c, String key, ItemState state, String error) throws SQLException {
    Long ordinal = ordinal(c, key);
    if (ordinal == null) {
      return null;
    }
    long cursor;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT next_ordinal FROM " + t.runs() + " WHERE run_id = ? FOR UPDATE")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        cursor = rs.getLong(1);
        if (rs.wasNull()) {
          return new Marked(
              null,
              "it was loaded by an older Ratchet (one lease row per item), which mark cannot"
                  + " change; finish it with that version, or start it over with --fresh");
        }
      }
    }
    Holder chunk = holder(c, ordinal);
    if (chunk != null && chunk.live()) {
      return new Marked(
          ItemState.IN_PROGRESS,
          "worker "
              + chunk.worker()
              + " is working on it now; wait until it is finished (or its worker stopped and its"
              + " lease ran out), then mark it");
    }
    ItemState before = recorded(c, ordinal);
    if (state == ItemState.PENDING) {
      if (before != null) {
        unrecord(c, key, before, ordinal, chunk);
      }
      return new Marked(before == null ? ItemState.PENDING : before, null);
    }
    if (before != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + t.outcomes()
                  + " SET state = ?, result = NULL, error = ?, token = NULL, finished_at = now()"
                  + " WHERE run_id = ? AND ordinal = ?")) {
        ps.setInt(1, state.code());
        ps.setString(2, error);
        ps.setString(3, runId);
        ps.setLong(4, ordinal);
        ps.executeUpdate();
      }
      return new Marked(before, null);
    }
    record(c, ordinal, state, error, chunk == null ? 0 : chunk.attempts());
    if (chunk != null) {
      addPending(c, chunk, -1);
    } else if (ordinal >= cursor) {
      if (ordinal > cursor) {
        returned(c, cursor, ordinal, 0, (int) (ordinal - cursor));
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE " + t.runs() + " SET next_ordinal = ? WHERE run_id = ?")) {
        ps.setLong(1, ordinal + 1);
        ps.setString(2, runId);
        ps.executeUpdate();
      }
    }
    return new Marked(ItemState.PENDING, null);
  }

  private Long ordinal(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT ordinal FROM " + t.inputs() + " WHERE run_id = ? AND key = ?")) {
      ps.setString(1, runId);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private record Holder(long lo, String worker, int attempts, int pending, boolean live) {}

  /** The chunk whose range holds {@code ordinal}, locked; or null. */
  private Holder holder(Connection c, long ordinal) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ch.lo, ch.worker, ch.attempts, ch.pending, ch.worker IS NOT NULL AND EXISTS"
                + " (SELECT 1 FROM "
                + t.workers()
                + " w WHERE w.run_id = ch.run_id AND w.worker_id = ch.worker"
                + " AND w.lease_expires > now() AND NOT w.left_run) FROM "
                + t.chunks()
                + " ch WHERE ch.run_id = ? AND ch.lo <= ? AND ch.hi > ? FOR UPDATE OF ch")) {
      ps.setString(1, runId);
      ps.setLong(2, ordinal);
      ps.setLong(3, ordinal);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Holder(
                rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getBoolean(5))
            : null;
      }
    }
  }

  private ItemState recorded(Connection c, long ordinal) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state FROM " + t.outcomes() + " WHERE run_id = ? AND ordinal = ? FOR UPDATE")) {
      ps.setString(1, runId);
      ps.setLong(2, ordinal);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? ItemState.ofCode(rs.getInt(1)) : null;
      }
    }
  }

  private void record(Connection c, long ordinal, ItemState state, String error, int attempts)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.outcomes()
                + " (run_id, ordinal, state, attempts, interruptions, error, finished_at)"
                + " VALUES (?, ?, ?, ?, 0, ?, now())")) {
      ps.setString(1, runId);
      ps.setLong(2, ordinal);
      ps.setInt(3, state.code());
      ps.setInt(4, attempts);
      ps.setString(5, error);
      ps.executeUpdate();
    }
  }

  /** Deletes the item's outcome and makes it claimable again. */
  private void unrecord(Connection c, String key, ItemState before, long ordinal, Holder chunk)
      throws SQLException {
    int attempts;
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + t.outcomes()
                + " WHERE run_id = ? AND ordinal = ? RETURNING attempts")) {
      ps.setString(1, runId);
      ps.setLong(2, ordinal);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        attempts = rs.getInt(1);
      }
    }
    if (before == ItemState.DONE) {
      // a done item's sub-steps are forgotten, as in a checkpoint: it is done again from the start
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + t.steps() + " WHERE run_id = ? AND key = ?")) {
        ps.setString(1, runId);
        ps.setString(2, key);
        ps.executeUpdate();
      }
    }
    if (chunk != null) {
      addPending(c, chunk, 1);
    } else {
      returned(c, ordinal, ordinal + 1, attempts, 1);
    }
  }

  private void addPending(Connection c, Holder chunk, int delta) throws SQLException {
    if (chunk.pending() + delta <= 0) {
      WorkerSql.deleteChunk(c, t, runId, chunk.lo());
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE " + t.chunks() + " SET pending = pending + ? WHERE run_id = ? AND lo = ?")) {
      ps.setInt(1, delta);
      ps.setString(2, runId);
      ps.setLong(3, chunk.lo());
      ps.executeUpdate();
    }
  }

  /** A returned (unleased) chunk [lo, hi). */
  private void returned(Connection c, long lo, long hi, int attempts, int pending)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.chunks()
                + " (run_id, lo, hi, worker, token, attempts, interruptions, pending)"
                + " VALUES (?, ?, ?, NULL, ?, ?, 0, ?)")) {
      ps.setString(1, runId);
      ps.setLong(2, lo);
      ps.setLong(3, hi);
      ps.setNull(4, Types.BIGINT);
      ps.setInt(5, attempts);
      ps.setInt(6, pending);
      ps.executeUpdate();
    }
  }
}
