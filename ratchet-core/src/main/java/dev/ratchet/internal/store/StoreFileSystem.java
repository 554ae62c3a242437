package dev.ratchet.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations the journal store uses, and nothing more. The store never touches {@link
 * java.nio.file.Files} directly, so tests can inject an implementation that fails a chosen
 * operation or drops everything not forced (power-loss simulation). {@link NioStoreFileSystem} is
 * the real one.
 */
public interface StoreFileSystem {

  /** Creates {@code dir} (owner-only, 0700) and its parents if absent, and fsyncs its parent. */
  void createDirectory(Path dir) throws IOException;

  /** Whether {@code path} exists. */
  boolean exists(Path path);

  /** Whether the current user may create files in {@code dir}. */
  boolean isWritable(Path dir);

  /** The file names (not paths) directly inside {@code dir}. */
  List<String> list(Path dir) throws IOException;

  /** Opens a file for reading only. */
  StoreFile openForRead(Path file) throws IOException;

  /** Opens a file for reading and writing, creating it (owner-only, 0600) if absent. */
  StoreFile openForWrite(Path file) throws IOException;

  /** Renames {@code source} to {@code target} atomically, replacing {@code target}. */
  void atomicMove(Path source, Path target) throws IOException;

  /** Forces the directory entry changes (creations, renames, deletions) of {@code dir}. */
  void fsyncDirectory(Path dir) throws IOException;

  /** Deletes a file if it exists. */
  void delete(Path file) throws IOException;

  /** Deletes an empty directory; returns false (and changes nothing) if it is not empty. */
  boolean deleteDirectoryIfEmpty(Path dir) throws IOException;

  /**
   * Takes an exclusive OS lock on {@code lockFile} (creating it, 0600), or returns null if another
   * process or another holder in this process has it. Closing the result releases the lock.
   */
  Closeable tryLock(Path lockFile) throws IOException;
}
