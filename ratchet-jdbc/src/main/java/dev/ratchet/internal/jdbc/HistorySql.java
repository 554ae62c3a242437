package dev.ratchet.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ratchet_history} table: one JSON run record per row, newest by id. It is capped: each
 * insert removes the rows beyond the newest {@code keep}. Every value is a bound parameter; table
 * names come from {@link Tables}, which validates and quotes them.
 */
public final class HistorySql {
  private HistorySql() {}

  /** Inserts a record and removes the oldest beyond {@code keep}. */
  public static void append(
      Connection c, Tables t, String runId, Instant ended, String json, int keep)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO " + t.history() + " (run_id, ended, record) VALUES (?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setTimestamp(2, Timestamp.from(ended));
      ps.setString(3, json);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + t.history()
                + " WHERE id <= (SELECT id FROM "
                + t.history()
                + " ORDER BY id DESC OFFSET ? LIMIT 1)")) {
      ps.setInt(1, keep);
      ps.executeUpdate();
    }
  }

  /** The newest {@code limit} records' JSON texts, newest first. */
  public static List<String> newest(Connection c, Tables t, int limit) throws SQLException {
    List<String> records = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT record FROM " + t.history() + " ORDER BY ended DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          records.add(rs.getString(1));
        }
      }
    }
    return records;
  }
}
