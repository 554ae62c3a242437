package dev.ratchet.internal.jdbc;

import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.StateCounts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a {@link CheckpointInfo} from a database run. */
public final class JdbcInfo {
  private JdbcInfo() {}

  public static CheckpointInfo read(String location, String runId, CheckpointSql sql, Connection c)
      throws SQLException {
    return read(location, runId, sql, null, c);
  }

  /**
   * As {@link #read(String, String, CheckpointSql, Connection)}; with {@code chunks} (PostgreSQL),
   * a shared run that leases chunks counts its items in progress from its leased chunks.
   */
  public static CheckpointInfo read(
      String location, String runId, CheckpointSql sql, ChunkSql chunks, Connection c)
      throws SQLException {
    Map<String, String> meta = sql.metadata(c);
    StateCounts counts;
    List<String> inProgress;
    List<CheckpointInfo.FailedItem> failed;
    long[] times = sql.times(c);
    if (chunks != null && Boolean.TRUE.equals(chunks.chunked(c))) {
      long[] byState = chunks.countsByState(c);
      counts = new StateCounts(byState[1], byState[2], byState[3], byState[4]);
      inProgress = chunks.inProgress(c);
      times[1] = Math.max(times[1], chunks.lastOutcome(c));
      failed = chunks.failed(c);
    } else {
      counts = sql.counts(c);
      inProgress = sql.interrupted(c);
      failed = sql.failed(c);
    }
    return new CheckpointInfo(
        location,
        true,
        meta.getOrDefault(MetaKeys.RUN_ID, runId),
        Migrations.CURRENT,
        times[0] == 0 ? null : Instant.ofEpochMilli(times[0]),
        times[1] == 0 ? null : Instant.ofEpochMilli(times[1]),
        meta.get(MetaKeys.INPUT_FINGERPRINT),
        counts,
        failed,
        inProgress,
        meta);
  }
}
