package dev.ratchet.internal.store;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.StoreUnavailableException;
import java.io.Closeable;
import java.io.IOException;

/** Creates the checkpoint directory if needed and takes the writer's OS lock in it. */
final class DirectoryLock {
  private DirectoryLock() {}

  /**
   * The held lock; close it to release.
   *
   * @throws StoreUnavailableException if the directory cannot be created or written
   * @throws CheckpointLockedException if another process or store holds the lock
   */
  static Closeable acquire(StoreFileSystem fs, StoreLayout layout, String location) {
    try {
      fs.createDirectory(layout.dir());
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "cannot create checkpoint directory "
              + location
              + " ("
              + e
              + "); check the path and its permissions, or choose another directory",
          e);
    }
    if (!fs.isWritable(layout.dir())) {
      throw notWritable(location, null);
    }
    Closeable lock;
    try {
      lock = fs.tryLock(layout.lock());
    } catch (IOException e) {
      throw notWritable(location, e);
    }
    if (lock == null) {
      throw new CheckpointLockedException(location);
    }
    return lock;
  }

  private static StoreUnavailableException notWritable(String location, IOException cause) {
    return new StoreUnavailableException(
        "checkpoint directory "
            + location
            + " is not writable"
            + (cause == null ? "" : " (" + cause + ")")
            + "; fix its permissions or choose another directory",
        cause);
  }
}
