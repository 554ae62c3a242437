package dev.ratchet.sqlite;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.jdbc.CheckpointSql;
import dev.ratchet.internal.jdbc.FileLease;
import dev.ratchet.internal.jdbc.JdbcInfo;
import dev.ratchet.internal.jdbc.Migrations;
import dev.ratchet.internal.jdbc.SqliteFiles;
import dev.ratchet.internal.jdbc.Tables;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FsyncPolicy;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The {@link CheckpointStore} contract in one local SQLite database file, for users who want to
 * query their checkpoint with SQL. WAL journal; {@code synchronous=FULL} for commits that must be
 * durable under the {@link FsyncPolicy}, {@code NORMAL} (still crash-safe, not power-cut-safe)
 * otherwise. One writer: an OS lock on {@code FILE.lock} is held while the store is open.
 *
 * <p>Thread-safe: calls are serialized on the store's one connection.
 */
public final class SqliteStore implements CheckpointStore {
  static final String RUN = "default";

  private final Path file;
  private final FsyncPolicy fsync;
  private final CheckpointSql sql;
  private final Tables tables = Tables.unqualified();
  private FileLease lock;
  private Connection conn;
  private boolean closed;
  private boolean broken;
  private Boolean fullSync;

  private SqliteStore(Path file, FsyncPolicy fsync) {
    this.file = file.toAbsolutePath();
    this.fsync = fsync;
    this.sql = new CheckpointSql(tables, RUN);
  }

  /** A store in {@code file} (created on open), fsynced on every commit. */
  public static SqliteStore of(Path file) {
    return new SqliteStore(file, FsyncPolicy.ALWAYS);
  }

  public static SqliteStore of(Path file, FsyncPolicy fsync) {
    return new SqliteStore(file, Objects.requireNonNull(fsync, "fsync"));
  }

  /** What the file holds, read without locking or changing anything. */
  public static CheckpointInfo inspect(Path file) {
    Path abs = file.toAbsolutePath();
    if (!Files.isRegularFile(abs)) {
      return CheckpointInfo.absent(abs.toString());
    }
    CheckpointSql sql = new CheckpointSql(Tables.unqualified(), RUN);
    try (Connection c = SqliteFiles.connect(abs, true)) {
      if (!sql.runExists(c)) {
        return CheckpointInfo.absent(abs.toString());
      }
      return JdbcInfo.read(abs.toString(), RUN, sql, c);
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot read " + abs + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public Optional<Path> localPath() {
    return Optional.of(file);
  }

  @Override
  public synchronized Recovery open() {
    if (conn != null || closed) {
      throw new IllegalStateException(
          "store " + file + " is " + (closed ? "closed" : "already open"));
    }
    lock = FileLease.acquire(SqliteFiles.lockFile(file), file.toString());
    try {
      SqliteFiles.createPrivate(file);
      conn = SqliteFiles.connect(file, false);
      try (Statement st = conn.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
      }
      Migrations.sqlite(conn, tables);
      boolean[] created = new boolean[1];
      List<String> interrupted =
          inTransaction(
              c -> {
                long now = System.currentTimeMillis();
                created[0] = sql.ensureRun(c, now);
                if (created[0]) {
                  sql.apply(
                      c,
                      Commit.of(
                          new Change.Meta(MetaKeys.RUN_ID, UUID.randomUUID().toString()),
                          new Change.Meta(MetaKeys.CREATED, Instant.ofEpochMilli(now).toString())),
                      now);
                }
                return sql.interrupted(c);
              },
              true);
      return new Recovery(created[0], interrupted, Optional.empty());
    } catch (SQLException | RuntimeException e) {
      closeQuietly();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreUnavailableException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Body<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(Body<T> body, boolean durable) throws SQLException {
    syncMode(durable);
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      try {
        T result = body.run(conn);
        st.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          st.execute("ROLLBACK");
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  private void syncMode(boolean full) throws SQLException {
    if (fullSync == null || fullSync != full) {
      try (Statement st = conn.createStatement()) {
        st.execute("PRAGMA synchronous=" + (full ? "FULL" : "NORMAL"));
      }
      fullSync = full;
    }
  }

  @Override
  public synchronized void commit(Commit commit) {
    checkOpen();
    if (broken) {
      throw new StoreUnavailableException(
          "store " + file + " refused the commit: an earlier commit failed; reopen the store");
    }
    boolean durable =
        fsync == FsyncPolicy.ALWAYS || (fsync == FsyncPolicy.PER_BATCH && commit.endsBatch());
    try {
      inTransaction(
          c -> {
            sql.apply(c, commit, System.currentTimeMillis());
            return null;
          },
          durable);
    } catch (SQLException e) {
      broken = true;
      throw new StoreUnavailableException(
          "commit to " + file + " failed: " + e.getMessage() + "; nothing of it was applied", e);
    }
  }

  private void checkOpen() {
    if (conn == null || closed) {
      throw new IllegalStateException(
          "store " + file + " is " + (closed ? "closed" : "not open; call open() first"));
    }
  }

  private synchronized <T> T read(Body<T> body) {
    checkOpen();
    try {
      return body.run(conn);
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    return read(c -> sql.get(c, key));
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    read(
        c -> {
          sql.forEach(c, action);
          return null;
        });
  }

  @Override
  public long doneOrdinalPrefix() {
    return read(sql::doneOrdinalPrefix);
  }

  @Override
  public StateCounts counts() {
    return read(sql::counts);
  }

  @Override
  public Map<String, String> metadata() {
    return read(sql::metadata);
  }

  @Override
  public Map<String, Long> positions() {
    return read(sql::positions);
  }

  @Override
  public synchronized CheckpointInfo info() {
    if (conn == null || closed) {
      return inspect(file);
    }
    return read(c -> JdbcInfo.read(file.toString(), RUN, sql, c));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (conn != null) {
        conn.close();
      }
    } catch (SQLException ignored) {
      // nothing to save: every commit is already durable
    } finally {
      conn = null;
      if (lock != null) {
        lock.release();
        lock = null;
      }
    }
  }

  @Override
  public synchronized void delete() {
    boolean wasOpen = conn != null && !closed;
    closed = true;
    closeQuietly();
    FileLease guard =
        wasOpen ? null : FileLease.acquireIfPresent(SqliteFiles.lockFile(file), file.toString());
    try {
      SqliteFiles.deleteAll(file);
    } finally {
      if (guard != null) {
        guard.release();
      }
    }
  }
}
