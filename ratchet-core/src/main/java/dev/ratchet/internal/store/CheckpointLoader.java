package dev.ratchet.internal.store;

import dev.ratchet.CheckpointDamagedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Rebuilds the live state of an existing checkpoint: the newest snapshot, then its journal. Shared
 * by the writer (which then repairs a torn tail) and by read-only inspection (which ignores it).
 */
final class CheckpointLoader {
  private CheckpointLoader() {}

  /**
   * What was loaded. {@code journal} is open (for writing if asked) or null when the generation's
   * journal does not exist yet (a crash right after a snapshot was written).
   */
  record Loaded(
      LiveState state, long generation, StoreFile journal, JournalScanner.Result scan) {}

  static Loaded load(StoreFileSystem fs, StoreLayout layout, byte[] key, boolean forWrite)
      throws IOException {
    List<String> names = fs.list(layout.dir());
    long generation = 1;
    boolean hasSnapshot = false;
    for (String name : names) {
      OptionalLong snapshot = StoreLayout.snapshotGeneration(name);
      if (snapshot.isPresent() && snapshot.getAsLong() >= generation) {
        generation = snapshot.getAsLong();
        hasSnapshot = true;
      }
    }
    LiveState state = new LiveState();
    if (hasSnapshot) {
      Path path = layout.snapshot(generation);
      try (StoreFile file = fs.openForRead(path)) {
        SnapshotFile.read(path, file, generation, key, state);
      }
    }
    Path journalPath = layout.journal(generation);
    if (!fs.exists(journalPath)) {
      if (!hasSnapshot) {
        throw new CheckpointDamagedException(
            journalPath, 0, "the journal is missing although the checkpoint exists");
      }
      return new Loaded(state, generation, null, null);
    }
    StoreFile journal = forWrite ? fs.openForWrite(journalPath) : fs.openForRead(journalPath);
    try {
      JournalScanner.Result scan =
          JournalScanner.scan(journalPath, journal, generation, key, state);
      return new Loaded(state, generation, journal, scan);
    } catch (IOException | RuntimeException e) {
      try {
        journal.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
