package dev.ratchet.internal.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of cooperating workers on PostgreSQL: joining, renewing a worker lease, leaving, and
 * claiming. Work is leased in chunks: one row of the chunks table per contiguous range of ordinals
 * (its items are the range's inputs not yet recorded), never one row per item. A claim takes, in
 * this order: a chunk whose worker's lease ran out (one item at a time, so an item that kills its
 * worker cannot take its chunk with it; a chunk taken over {@code crashLimit} times FAILS its
 * unrecorded items instead), a returned chunk (a worker left, released items, failed items put
 * back), else the next range from the run's {@code next_ordinal} cursor. None of these reads a
 * finished item, so a claim costs the same however many are finished. Outcomes are {@linkplain
 * ChunkSql#complete appended}.
 *
 * <p>A claim first looks for chunks already carrying its token, so a claim whose commit
 * acknowledgement was lost is found again instead of leaking items.
 */
public final class WorkerSql {
  /** A claimed row. */
  public record Row(String key, long ordinal, String input, int attempts, int interruptions) {}

  /** One outcome to write (state 0: released, handed back unfinished). */
  public record Outcome(
      String key,
      long ordinal,
      long token,
      int state,
      int attempts,
      int interruptions,
      String result,
      String error) {}

  /**
   * What a claim took: the rows read in its transaction, or (rows null) a range fresh from the
   * cursor, whose inputs are {@linkplain #inputs read} after the claim commits, so that the run's
   * cursor row is locked only for the claim's own writes; {@code reserved}: this worker now holds a
   * reserve to cut its next batches from ({@link LeaseSql}).
   */
  public record Claim(List<Row> rows, long lo, long hi, boolean reserved) {
    public static final Claim NONE = new Claim(List.of(), 0, 0, false);
  }

  /** A leased (worker set) or returned (worker null) range [lo, hi) with its unrecorded count. */
  record Chunk(long lo, long hi, String worker, int attempts, int interruptions, int pending) {}

  /** How the error of an item FAILED for crashing its workers starts (as in file mode). */
  public static final String CRASHED = "crashed the process ";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tables t;
  private final String runId;
  private final String workerId;
  private final LeaseSql leases;

  public WorkerSql(Tables t, String runId, String workerId) {
    this.t = t;
    this.runId = runId;
    this.workerId = workerId;
    this.leases = new LeaseSql(t, runId, workerId);
  }

  /** The claims of a grown lease: a batch cut from this worker's reserve. */
  public LeaseSql leases() {
    return leases;
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

  /** Leaves the run; the chunks this worker still holds are returned at once. */
  public void leave(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.chunks()
                + " SET worker = NULL, token = NULL WHERE run_id = ? AND worker = ?")) {
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
   * Claims up to {@code max} items as one chunk carrying {@code token}; empty if none is free. A
   * range from the cursor may lease up to {@code lease} items, the rest as this worker's reserve.
   * {@code retried}: an earlier attempt with this token may have committed unacknowledged.
   */
  public Claim claim(Connection c, long token, int max, int lease, int crashLimit, boolean retried)
      throws SQLException {
    if (retried) {
      List<Row> earlier = new ArrayList<>();
      for (Chunk mine : chunksOf(c, t, runId, workerId, token, false)) {
        earlier.addAll(
            unrecorded(c, mine.lo(), mine.hi(), mine.attempts(), mine.interruptions(), mine.hi()));
      }
      if (!earlier.isEmpty()) {
        return new Claim(earlier, 0, 0, true);
      }
    }
    Claim fresh = claimFresh(c, max, lease, token, true);
    if (fresh != null) {
      return fresh;
    }
    Chunk free;
    while ((free = claimable(c)) != null) {
      // A reserve (attempts 0) was never handed to a pipeline: taking it over is no interruption.
      boolean lapsed = free.worker() != null && free.attempts() > 0;
      int interruptions = free.interruptions() + (lapsed ? 1 : 0);
      delete(c, free.lo());
      if (lapsed && interruptions >= crashLimit) {
        failCrashed(c, free, interruptions);
        continue;
      }
      int attempts = free.attempts() + 1;
      List<Row> rows =
          unrecorded(c, free.lo(), free.hi(), attempts, interruptions, interruptions > 0 ? 1 : max);
      if (rows.isEmpty()) {
        continue;
      }
      long end = rows.get(rows.size() - 1).ordinal() + 1;
      insert(c, new Chunk(free.lo(), end, workerId, attempts, interruptions, rows.size()), token);
      int rest = free.pending() - rows.size();
      if (end < free.hi() && rest > 0) {
        insert(c, new Chunk(end, free.hi(), null, free.attempts(), interruptions, rest), null);
      }
      return new Claim(rows, 0, 0, false);
    }
    return claimFresh(c, max, lease, token, false);
  }

  /**
   * The inputs of a range fresh from the cursor (every one unrecorded: nothing past the cursor was
   * ever claimed), read after its claim committed; inputs never change once loaded.
   */
  public List<Row> inputs(Connection c, long lo, long hi) throws SQLException {
    return unrecorded(c, lo, hi, 1, 0, -1);
  }

  /**
   * The usual claim alone (in autocommit mode): a range fresh from the cursor, or null if a chunk
   * may be free or nothing is left (then {@link #claim} looks, in a transaction).
   */
  public Claim claimFresh(Connection c, int max, int lease, long token) throws SQLException {
    Claim claim = claimFresh(c, max, lease, token, true);
    return claim == null || claim == Claim.NONE ? null : claim;
  }

  private Claim claimFresh(Connection c, int max, int lease, long token, boolean unlessFree)
      throws SQLException {
    long[] range = leases.fresh(c, max, lease, token, unlessFree);
    if (range == null) {
      return null;
    }
    return range.length == 0
        ? Claim.NONE
        : new Claim(null, range[0], range[1], range[2] > range[1]);
  }

  /**
   * The first chunk that is returned, whose worker's lease ran out, or this worker's own reserve,
   * locked; or null.
   */
  private Chunk claimable(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ch.lo, ch.hi, ch.worker, ch.attempts, ch.interruptions, ch.pending FROM "
                + LeaseSql.claimableChunks(t)
                + " ORDER BY ch.lo LIMIT 1 FOR UPDATE OF ch SKIP LOCKED")) {
      ps.setString(1, runId);
      ps.setString(2, workerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? chunk(rs) : null;
      }
    }
  }

  /** This worker's chunks carrying {@code token}, in order (locked if {@code lock}). */
  static List<Chunk> chunksOf(
      Connection c, Tables t, String runId, String workerId, long token, boolean lock)
      throws SQLException {
    List<Chunk> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT lo, hi, worker, attempts, interruptions, pending FROM "
                + t.chunks()
                + " WHERE run_id = ? AND token = ? AND worker = ? ORDER BY lo"
                + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, runId);
      ps.setLong(2, token);
      ps.setString(3, workerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(chunk(rs));
        }
      }
    }
    return out;
  }

  private static Chunk chunk(ResultSet rs) throws SQLException {
    return new Chunk(
        rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6));
  }

  /**
   * Up to {@code limit} inputs in [lo, hi) that have no recorded outcome, in input order; a
   * negative limit reads every input of a range fresh from the cursor, which has none (and reads no
   * outcome).
   */
  private List<Row> unrecorded(
      Connection c, long lo, long hi, int attempts, int interruptions, long limit)
      throws SQLException {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT i.key, i.ordinal, i.input FROM "
                + t.inputs()
                + " i WHERE i.run_id = ? AND i.ordinal >= ? AND i.ordinal < ?"
                + (limit < 0
                    ? ""
                    : " AND NOT EXISTS (SELECT 1 FROM "
                        + t.outcomes()
                        + " r WHERE r.run_id = i.run_id AND r.ordinal = i.ordinal)")
                + " ORDER BY i.ordinal LIMIT ?")) {
      ps.setString(1, runId);
      ps.setLong(2, lo);
      ps.setLong(3, hi);
      ps.setLong(4, limit < 0 ? hi - lo : limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String input = rs.getString(3);
          out.add(
              new Row(
                  rs.getString(1),
                  rs.getLong(2),
                  input == null ? "" : input,
                  attempts,
                  interruptions));
        }
      }
    }
    return out;
  }

  /** FAILS every unrecorded item of a chunk whose workers died holding it too often. */
  private void failCrashed(Connection c, Chunk chunk, int interruptions) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.outcomes()
                + " (run_id, ordinal, state, attempts, interruptions, error, finished_at)"
                + " SELECT i.run_id, i.ordinal, 3, ?, ?, ?, now() FROM "
                + t.inputs()
                + " i WHERE i.run_id = ? AND i.ordinal >= ? AND i.ordinal < ?"
                + " ON CONFLICT (run_id, ordinal) DO NOTHING")) {
      ps.setInt(1, chunk.attempts());
      ps.setInt(2, interruptions);
      ps.setString(3, CRASHED + interruptions + " times");
      ps.setString(4, runId);
      ps.setLong(5, chunk.lo());
      ps.setLong(6, chunk.hi());
      ps.executeUpdate();
    }
  }

  private void delete(Connection c, long lo) throws SQLException {
    deleteChunk(c, t, runId, lo);
  }

  private void insert(Connection c, Chunk chunk, Long token) throws SQLException {
    insertChunk(c, t, runId, chunk, token);
  }

  static void insertChunk(Connection c, Tables t, String runId, Chunk ch, Long token)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + t.chunks()
                + " (run_id, lo, hi, worker, token, attempts, interruptions, pending)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setLong(2, ch.lo());
      ps.setLong(3, ch.hi());
      ps.setString(4, ch.worker());
      if (token == null) {
        ps.setNull(5, Types.BIGINT);
      } else {
        ps.setLong(5, token);
      }
      ps.setInt(6, ch.attempts());
      ps.setInt(7, ch.interruptions());
      ps.setInt(8, ch.pending());
      ps.executeUpdate();
    }
  }

  static void deleteChunk(Connection c, Tables t, String runId, long lo) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + t.chunks() + " WHERE run_id = ? AND lo = ?")) {
      ps.setString(1, runId);
      ps.setLong(2, lo);
      ps.executeUpdate();
    }
  }
}
