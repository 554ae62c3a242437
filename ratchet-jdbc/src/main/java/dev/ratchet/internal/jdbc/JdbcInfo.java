package dev.ratchet.internal.jdbc;

import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.MetaKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Builds a {@link CheckpointInfo} from a database run. */
public final class JdbcInfo {
  private JdbcInfo() {}

  public static CheckpointInfo read(String location, String runId, CheckpointSql sql, Connection c)
      throws SQLException {
    Map<String, String> meta = sql.metadata(c);
    long[] times = sql.times(c);
    return new CheckpointInfo(
        location,
        true,
        meta.getOrDefault(MetaKeys.RUN_ID, runId),
        Migrations.CURRENT,
        times[0] == 0 ? null : Instant.ofEpochMilli(times[0]),
        times[1] == 0 ? null : Instant.ofEpochMilli(times[1]),
        meta.get(MetaKeys.INPUT_FINGERPRINT),
        sql.counts(c),
        sql.failed(c),
        sql.interrupted(c),
        meta);
  }
}
