package dev.ratchet.internal.store;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.MetaKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides whether journal files found without a descriptor are what a crash during creation leaves
 * (a first journal holding only the run id and creation time, safe to replace) or recorded work
 * whose descriptor went missing (refused: never start fresh silently).
 */
final class LeftoverCheck {
  private static final Set<String> CREATION_KEYS = Set.of(MetaKeys.RUN_ID, MetaKeys.CREATED);

  private LeftoverCheck() {}

  static void requireOnlyCrashedCreation(StoreFileSystem fs, StoreLayout layout)
      throws IOException {
    for (String name : fs.list(layout.dir())) {
      OptionalLong journal = StoreLayout.journalGeneration(name);
      if (StoreLayout.snapshotGeneration(name).isPresent()
          || (journal.isPresent() && journal.getAsLong() > 1)) {
        throw missingDescriptor(layout, name);
      }
    }
    Path first = layout.journal(1);
    if (!fs.exists(first)) {
      return;
    }
    LiveState state = new LiveState();
    try (StoreFile file = fs.openForRead(first)) {
      JournalScanner.scan(first, file, 1, null, state);
    }
    boolean onlyCreation =
        state.counts().total() == 0
            && state.positions().isEmpty()
            && CREATION_KEYS.containsAll(state.metadata().keySet());
    if (!onlyCreation) {
      throw missingDescriptor(layout, first.getFileName().toString());
    }
  }

  private static CheckpointDamagedException missingDescriptor(StoreLayout layout, String found) {
    return new CheckpointDamagedException(
        layout.descriptor(),
        0,
        StoreLayout.DESCRIPTOR + " is missing but " + found + " holds recorded work");
  }
}
