package dev.ratchet.dag;

import dev.ratchet.store.CheckpointStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The stores the DAG tests run against. */
final class Checkpoints {
  private static final Map<Path, MemoryStore.Disk> DISKS = new ConcurrentHashMap<>();

  static Supplier<CheckpointStore> stores(Path dir) {
    return DISKS.computeIfAbsent(dir, d -> new MemoryStore.Disk());
  }
}
