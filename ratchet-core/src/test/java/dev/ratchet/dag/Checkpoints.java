package dev.ratchet.dag;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The stores the DAG tests run against: the real journal file store, fsync included. */
final class Checkpoints {
  private Checkpoints() {}

  static Supplier<CheckpointStore> stores(Path dir) {
    return () -> FileStore.at(dir);
  }
}
