package dev.ratchet.internal.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/** The files of a SQLite store: the database, its WAL and shared-memory files, its lock file. */
public final class SqliteFiles {
  private SqliteFiles() {}

  public static Path lockFile(Path db) {
    return db.resolveSibling(db.getFileName() + ".lock");
  }

  public static Connection connect(Path db, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
    config.setReadOnly(readOnly);
    return config.createConnection("jdbc:sqlite:" + db);
  }

  /** Creates an empty database file readable only by its owner (SQLite gives its WAL the same). */
  public static void createPrivate(Path db) {
    try {
      Path dir = db.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        createPrivateDirectories(dir);
      }
      try {
        Files.createFile(db);
      } catch (FileAlreadyExistsException e) {
        return;
      }
      makePrivate(db);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + db + ": " + e.getMessage(), e);
    }
  }

  static void createPrivateDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  static void makePrivate(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  /** Deletes the database, its WAL, shared-memory and lock files, and nothing else. */
  public static void deleteAll(Path db) {
    try {
      for (String suffix : new String[] {"-wal", "-shm", "", ".lock"}) {
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + db + ": " + e.getMessage(), e);
    }
  }
}
