package dev.ratchet.internal.store;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The names of the files in a checkpoint directory. Only these names are ever written, read or
 * deleted; item and node names never become file names.
 *
 * <ul>
 *   <li>{@code checkpoint.json}: the descriptor (format version, MAC mode), written last when a
 *       checkpoint is created, so its presence means the checkpoint exists;
 *   <li>{@code ratchet.lock}: the file the writer holds an OS lock on;
 *   <li>{@code journal-N.log}: the append-only journal of generation N;
 *   <li>{@code snapshot-N.snap}: the live state at the start of journal N (N &gt; 1);
 *   <li>any of those with {@code .tmp} appended: a file being written, never read.
 * </ul>
 */
final class StoreLayout {
  static final String DESCRIPTOR = "checkpoint.json";
  static final String LOCK = "ratchet.lock";
  static final String TMP = ".tmp";
  private static final String JOURNAL_PREFIX = "journal-";
  private static final String JOURNAL_SUFFIX = ".log";
  private static final String SNAPSHOT_PREFIX = "snapshot-";
  private static final String SNAPSHOT_SUFFIX = ".snap";

  private final Path dir;

  StoreLayout(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path descriptor() {
    return dir.resolve(DESCRIPTOR);
  }

  Path lock() {
    return dir.resolve(LOCK);
  }

  Path journal(long generation) {
    return dir.resolve(JOURNAL_PREFIX + generation + JOURNAL_SUFFIX);
  }

  Path snapshot(long generation) {
    return dir.resolve(SNAPSHOT_PREFIX + generation + SNAPSHOT_SUFFIX);
  }

  static Path temp(Path file) {
    return file.resolveSibling(file.getFileName() + TMP);
  }

  static OptionalLong journalGeneration(String name) {
    return generation(name, JOURNAL_PREFIX, JOURNAL_SUFFIX);
  }

  static OptionalLong snapshotGeneration(String name) {
    return generation(name, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX);
  }

  /** Whether the store may have written a file of this name (for delete and cleanup). */
  static boolean isStoreFile(String name) {
    String base = name.endsWith(TMP) ? name.substring(0, name.length() - TMP.length()) : name;
    return base.equals(DESCRIPTOR)
        || base.equals(LOCK)
        || journalGeneration(base).isPresent()
        || snapshotGeneration(base).isPresent();
  }

  private static OptionalLong generation(String name, String prefix, String suffix) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) {
      return OptionalLong.empty();
    }
    String digits = name.substring(prefix.length(), name.length() - suffix.length());
    long value = OrdinalSet.parseOrdinal(digits);
    return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
  }
}
