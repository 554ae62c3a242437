package dev.ratchet.internal.store;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.MetaKeys;
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
  record Loaded(LiveState state, long generation, StoreFile journal, JournalScanner.Result scan) {}

  /**
   * Loads the checkpoint. {@code descriptor} (nullable) names the run the files must belong to:
   * every journal and snapshot records its run id, so files mixed in from another checkpoint are
   * damage, even when both were written with the same HMAC key.
   */
  static Loaded load(
      StoreFileSystem fs, StoreLayout layout, Descriptor descriptor, byte[] key, boolean forWrite)
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
      checkRunId(descriptor, path, state);
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
      checkRunId(descriptor, journalPath, state);
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

  private static void checkRunId(Descriptor descriptor, Path file, LiveState state) {
    if (descriptor != null) {
      descriptor.checkRunId(file, state.metadata().get(MetaKeys.RUN_ID));
    }
  }
}
