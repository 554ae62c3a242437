package dev.ratchet.internal.jdbc;

import dev.ratchet.CheckpointLockedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The one-writer lease of a run in PostgreSQL: a writer id and an expiry on the run's row, taken on
 * open, renewed by a heartbeat and by every commit, and checked by every commit. Server time
 * decides expiry, so clocks of different machines do not matter.
 */
public final class WriterLease {
  private final Tables t;
  private final String runId;
  private final String writerId;
  private final Duration duration;
  private final String location;

  public WriterLease(Tables t, String runId, String writerId, Duration duration, String location) {
    if (duration.toMillis() < 100) {
      throw new IllegalArgumentException("lease must be >= 100 ms, was " + duration);
    }
    this.t = t;
    this.runId = runId;
    this.writerId = writerId;
    this.duration = duration;
    this.location = location;
  }

  public Duration duration() {
    return duration;
  }

  /** Takes the lease; the run row must exist. */
  public void acquire(Connection c) throws SQLException {
    refuseIfHeld(c);
    if (extend(c, false) != 1) {
      throw new IllegalStateException("run row of " + location + " vanished while opening");
    }
  }

  /** Throws if another live writer or live cooperating workers hold the run. */
  public void refuseIfHeld(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT writer, writer_expires > now(), writer_expires FROM "
                + t.runs()
                + " WHERE run_id = ? FOR UPDATE")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          String writer = rs.getString(1);
          if (writer != null && rs.getBoolean(2) && !writer.equals(writerId)) {
            throw new CheckpointLockedException(
                location,
                "another process writes it (its lease runs until "
                    + rs.getTimestamp(3).toInstant()
                    + " unless renewed); wait for it to finish or stop it first");
          }
        }
      }
    }
    long workers = liveWorkers(c, t, runId);
    if (workers > 0) {
      throw new CheckpointLockedException(
          location,
          workers
              + " cooperating worker(s) are running it; join as a worker or wait for them to"
              + " finish");
    }
  }

  public static long liveWorkers(Connection c, Tables t, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM "
                + t.workers()
                + " WHERE run_id = ? AND lease_expires > now() AND NOT left_run")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Renews the lease if this writer still holds it; returns null (for a transaction body). */
  public Void renew(Connection c) throws SQLException {
    extend(c, true);
    return null;
  }

  /** Inside a commit: renews the lease and fails if another writer took it over. */
  public void check(Connection c) throws SQLException {
    if (extend(c, true) != 1) {
      throw new CheckpointLockedException(
          location,
          "this store lost its writer lease to another process (it could not renew it in time);"
              + " nothing was committed; stop this run");
    }
  }

  public void release(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.runs()
                + " SET writer = NULL, writer_expires = NULL WHERE run_id = ? AND writer = ?")) {
      ps.setString(1, runId);
      ps.setString(2, writerId);
      ps.executeUpdate();
    }
  }

  private int extend(Connection c, boolean onlyIfMine) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.runs()
                + " SET writer = ?, writer_expires = now() + ? * interval '1 millisecond'"
                + " WHERE run_id = ?"
                + (onlyIfMine ? " AND writer = ?" : ""))) {
      ps.setString(1, writerId);
      ps.setLong(2, duration.toMillis());
      ps.setString(3, runId);
      if (onlyIfMine) {
        ps.setString(4, writerId);
      }
      return ps.executeUpdate();
    }
  }
}
