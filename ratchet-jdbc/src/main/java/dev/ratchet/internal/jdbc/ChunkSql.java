package dev.ratchet.internal.jdbc;

import dev.ratchet.internal.jdbc.WorkerSql.Chunk;
import dev.ratchet.internal.jdbc.WorkerSql.Outcome;
import dev.ratchet.store.CheckpointInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chunk half of a shared run on PostgreSQL: completing a chunk's items by appending their
 * outcomes to the outcomes table (fenced by the chunk's token: a whole chunk in one statement that
 * appends and drops its lease row, otherwise one multi-row {@code INSERT} and one update of the
 * chunk row), the counts of open items, and putting failed items back as returned chunks.
 *
 * <p>The invariant every statement keeps: a chunk's {@code pending} is the number of its range's
 * items without a recorded outcome, and no two chunks overlap; so the items of a run are exactly
 * the recorded ones, the ones in chunks, and the ones past the cursor.
 */
public final class ChunkSql {
  private final Tables t;
  private final String runId;
  private final OutcomeSql appender;

  public ChunkSql(Tables t, String runId) {
    this.t = t;
    this.runId = runId;
    this.appender = new OutcomeSql(t, runId);
  }

  /**
   * Whether the run leases chunks (loaded by this version); null if it is absent or not loaded.
   * False for a run loaded by an older version, which leased one row per item.
   */
  public Boolean chunked(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT loaded, next_ordinal IS NOT NULL FROM " + t.runs() + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1) ? rs.getBoolean(2) : null;
      }
    }
  }

  /**
   * Writes the outcomes of {@code workerId}'s claims whose chunk still carries their token; returns
   * the keys written, plus the keys a lost acknowledgement had already written.
   */
  public Set<String> complete(Connection c, String workerId, List<Outcome> outcomes)
      throws SQLException {
    Map<Long, List<Outcome>> byToken = new TreeMap<>();
    for (Outcome o : outcomes) {
      byToken.computeIfAbsent(o.token(), k -> new ArrayList<>()).add(o);
    }
    Set<String> done = new HashSet<>();
    for (var e : byToken.entrySet()) {
      long token = e.getKey();
      List<Chunk> chunks = WorkerSql.chunksOf(c, t, runId, workerId, token, true);
      List<Outcome> record = new ArrayList<>();
      List<Outcome> release = new ArrayList<>();
      for (Outcome o : e.getValue()) {
        if (holder(chunks, o.ordinal()) != null) {
          (o.state() == 0 ? release : record).add(o);
        }
      }
      Map<Long, Integer> left = new TreeMap<>();
      if (appender.append(c, token, record) == record.size()) {
        for (Outcome o : record) {
          done.add(o.key());
          left.merge(holder(chunks, o.ordinal()).lo(), 1, Integer::sum);
        }
        for (Chunk ch : chunks) {
          left.put(ch.lo(), ch.pending() - left.getOrDefault(ch.lo(), 0));
        }
      } else {
        // Some were written already (an unacknowledged commit, or completed twice): count again.
        done.addAll(alreadyWritten(c, token, record));
        for (Chunk ch : chunks) {
          left.put(ch.lo(), (int) (ch.hi() - ch.lo() - recorded(c, ch.lo(), ch.hi())));
        }
      }
      List<Outcome> unsure = new ArrayList<>();
      for (Outcome o : e.getValue()) {
        if (o.state() != 0 && holder(chunks, o.ordinal()) == null) {
          unsure.add(o);
        }
      }
      done.addAll(alreadyWritten(c, token, unsure));
      for (Chunk ch : chunks) {
        List<Long> released = new ArrayList<>();
        for (Outcome o : release) {
          if (o.ordinal() >= ch.lo() && o.ordinal() < ch.hi()) {
            released.add(o.ordinal());
            done.add(o.key());
          }
        }
        int pending = left.get(ch.lo());
        if (!released.isEmpty()) {
          split(c, ch, released, token);
        } else if (pending <= 0) {
          WorkerSql.deleteChunk(c, t, runId, ch.lo());
        } else if (pending != ch.pending()) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE " + t.chunks() + " SET pending = ? WHERE run_id = ? AND lo = ?")) {
            ps.setInt(1, pending);
            ps.setString(2, runId);
            ps.setLong(3, ch.lo());
            ps.executeUpdate();
          }
        }
      }
    }
    return done;
  }

  /**
   * Whether the outcomes may complete a whole chunk: one token, distinct ordinals, none released.
   */
  public static boolean whole(List<Outcome> outcomes) {
    Set<Long> ordinals = new HashSet<>();
    for (Outcome o : outcomes) {
      if (o.token() != outcomes.get(0).token() || o.state() == 0 || !ordinals.add(o.ordinal())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Completes every unrecorded item of one chunk in one statement: the keys written, or null if the
   * outcomes are not exactly that (then {@link #complete} counts them, in the same transaction,
   * rolled back first if the statement failed). A retry after a lost acknowledgement finds the
   * chunk gone, so returns null, and {@link #complete} finds the outcomes written by the token.
   */
  public Set<String> completeWhole(Connection c, String workerId, List<Outcome> outcomes)
      throws SQLException {
    try {
      if (!appender.whole(c, workerId, outcomes.get(0).token(), outcomes)) {
        return null;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        if (!c.getAutoCommit()) {
          c.rollback(); // some were recorded already: the statement did nothing
        }
        return null;
      }
      throw e;
    }
    Set<String> done = new HashSet<>();
    outcomes.forEach(o -> done.add(o.key()));
    return done;
  }

  private static Chunk holder(List<Chunk> chunks, long ordinal) {
    for (Chunk ch : chunks) {
      if (ordinal >= ch.lo() && ordinal < ch.hi()) {
        return ch;
      }
    }
    return null;
  }

  /** Keys among {@code outcomes} that an earlier, unacknowledged commit of the token wrote. */
  private Set<String> alreadyWritten(Connection c, long token, List<Outcome> outcomes)
      throws SQLException {
    Set<String> out = new HashSet<>();
    if (outcomes.isEmpty()) {
      return out;
    }
    Map<Long, Outcome> byOrdinal = new TreeMap<>();
    outcomes.forEach(o -> byOrdinal.put(o.ordinal(), o));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ordinal, state FROM "
                + t.outcomes()
                + " WHERE run_id = ? AND ordinal = ANY(?) AND token = ?")) {
      ps.setString(1, runId);
      ps.setArray(2, c.createArrayOf("bigint", byOrdinal.keySet().toArray()));
      ps.setLong(3, token);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Outcome o = byOrdinal.get(rs.getLong(1));
          if (o.state() == rs.getInt(2)) {
            out.add(o.key());
          }
        }
      }
    }
    return out;
  }

  /**
   * Hands released items back: the chunk is cut around them, each released item becomes a returned
   * chunk of its own, and the pieces between stay leased to the token (pending counted again).
   */
  private void split(Connection c, Chunk ch, List<Long> released, long token) throws SQLException {
    WorkerSql.deleteChunk(c, t, runId, ch.lo());
    released.sort(null);
    long from = ch.lo();
    for (long o : released) {
      keep(c, ch, from, o, token);
      WorkerSql.insertChunk(
          c, t, runId, new Chunk(o, o + 1, null, ch.attempts(), ch.interruptions(), 1), null);
      from = o + 1;
    }
    keep(c, ch, from, ch.hi(), token);
  }

  private void keep(Connection c, Chunk ch, long lo, long hi, long token) throws SQLException {
    if (lo >= hi) {
      return;
    }
    int pending = (int) (hi - lo - recorded(c, lo, hi));
    if (pending > 0) {
      WorkerSql.insertChunk(
          c,
          t,
          runId,
          new Chunk(lo, hi, ch.worker(), ch.attempts(), ch.interruptions(), pending),
          token);
    }
  }

  /** How many items of [lo, hi) have a recorded outcome. */
  private long recorded(Connection c, long lo, long hi) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM "
                + t.outcomes()
                + " WHERE run_id = ? AND ordinal >= ? AND ordinal < ?")) {
      ps.setString(1, runId);
      ps.setLong(2, lo);
      ps.setLong(3, hi);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Counts of open items: [claimable (past the cursor or in returned chunks), leased]. Reads no
   * finished item.
   */
  public long[] open(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce((SELECT item_count - next_ordinal FROM "
                + t.runs()
                + " WHERE run_id = ?), 0)"
                + " + coalesce(sum(pending) FILTER (WHERE worker IS NULL), 0),"
                + " coalesce(sum(pending) FILTER (WHERE worker IS NOT NULL), 0) FROM "
                + t.chunks()
                + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      ps.setString(2, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /**
   * When the last outcome was committed, in epoch milliseconds (0 if none): workers append outcomes
   * and never touch the run's row, so its {@code last_commit} says only when the run was created.
   */
  public long lastOutcome(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce((extract(epoch FROM max(finished_at)) * 1000)::bigint, 0) FROM "
                + t.outcomes()
                + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * How many items are in each state (indexed by the state's code), in one statement so that the
   * parts add up to the loaded total.
   */
  public long[] countsByState(Connection c) throws SQLException {
    long[] byState = new long[5];
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.item_count, s.done, s.failed, s.skipped,"
                + " coalesce((SELECT sum(pending) FROM "
                + t.chunks()
                + " WHERE run_id = r.run_id AND worker IS NOT NULL), 0)"
                + " FROM "
                + t.runs()
                + " r CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE state = 2) AS done,"
                + " count(*) FILTER (WHERE state = 3) AS failed,"
                + " count(*) FILTER (WHERE state = 4) AS skipped FROM "
                + t.outcomes()
                + " WHERE run_id = r.run_id) s WHERE r.run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          for (int i = 2; i <= 4; i++) {
            byState[i] = rs.getLong(i);
          }
          byState[1] = rs.getLong(5);
          byState[0] = rs.getLong(1) - byState[1] - byState[2] - byState[3] - byState[4];
        }
      }
    }
    return byState;
  }

  /** The FAILED items with their errors, in input order. */
  public List<CheckpointInfo.FailedItem> failed(Connection c) throws SQLException {
    List<CheckpointInfo.FailedItem> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT i.key, coalesce(r.error, '') FROM "
                + t.outcomes()
                + " r JOIN "
                + t.inputs()
                + " i USING (run_id, ordinal) WHERE r.run_id = ? AND r.state = 3 ORDER BY ordinal")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CheckpointInfo.FailedItem(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /** The keys of items in leased chunks and not yet recorded, in input order. */
  public List<String> inProgress(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT i.key FROM "
                + t.chunks()
                + " ch JOIN "
                + t.inputs()
                + " i ON i.run_id = ch.run_id AND i.ordinal >= ch.lo AND i.ordinal < ch.hi"
                + " WHERE ch.run_id = ? AND ch.worker IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                + t.outcomes()
                + " r WHERE r.run_id = i.run_id AND r.ordinal = i.ordinal) ORDER BY i.ordinal")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Puts FAILED items back (except those that crashed the process, and those inside a chunk still
   * leased, which wait for it to end) as returned chunks, one per run of consecutive ordinals with
   * the same attempts; returns how many.
   */
  public long retryFailed(Connection c) throws SQLException {
    long n = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH f AS (DELETE FROM "
                + t.outcomes()
                + " r WHERE r.run_id = ? AND r.state = 3 AND (r.error IS NULL OR r.error NOT LIKE ?)"
                + " AND NOT EXISTS (SELECT 1 FROM "
                + t.chunks()
                + " ch WHERE ch.run_id = r.run_id AND r.ordinal >= ch.lo AND r.ordinal < ch.hi)"
                + " RETURNING r.ordinal, r.attempts), g AS (SELECT ordinal, attempts,"
                + " ordinal - row_number() OVER (PARTITION BY attempts ORDER BY ordinal) AS run"
                + " FROM f) INSERT INTO "
                + t.chunks()
                + " (run_id, lo, hi, attempts, interruptions, pending)"
                + " SELECT ?, min(ordinal), max(ordinal) + 1, attempts, 0, count(*) FROM g"
                + " GROUP BY attempts, run RETURNING pending")) {
      ps.setString(1, runId);
      ps.setString(2, WorkerSql.CRASHED + "%");
      ps.setString(3, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n += rs.getLong(1);
        }
      }
    }
    return n;
  }
}
