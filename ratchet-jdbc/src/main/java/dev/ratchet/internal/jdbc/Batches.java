package dev.ratchet.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements batched in order: switching to another statement first executes the batch of
 * the previous one, so the changes of a commit take effect in the order they were given.
 */
final class Batches implements AutoCloseable {
  private final Connection conn;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private PreparedStatement pending;

  Batches(Connection conn) {
    this.conn = conn;
  }

  PreparedStatement use(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = conn.prepareStatement(sql);
      statements.put(sql, ps);
    }
    if (pending != null && pending != ps) {
      pending.executeBatch();
    }
    pending = ps;
    return ps;
  }

  void flush() throws SQLException {
    if (pending != null) {
      pending.executeBatch();
      pending = null;
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
