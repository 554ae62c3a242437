package dev.ratchet.cli;

import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;

/**
 * How commands reach a checkpoint given on the command line. Today a directory of the journal file
 * store; the one place to extend when a command learns other stores.
 */
public final class CheckpointAccess {
  private CheckpointAccess() {}

  /** Whether a checkpoint exists at {@code path}. */
  public static boolean exists(Path path) {
    return FileStore.exists(path);
  }

  /** What the checkpoint holds, without locking or changing it. */
  public static CheckpointInfo inspect(Path path) {
    return FileStore.inspect(path);
  }

  /** A store for the checkpoint at {@code path}, not yet opened. */
  public static CheckpointStore store(Path path) {
    return FileStore.builder(path).build();
  }
}
