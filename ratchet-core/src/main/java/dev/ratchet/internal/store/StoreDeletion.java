package dev.ratchet.internal.store;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.StoreUnavailableException;
import java.io.Closeable;
import java.io.IOException;

/**
 * Removes a checkpoint: only files with the store's own names, then the directory if empty. A
 * directory whose files do not carry Ratchet's format is refused and nothing is deleted.
 */
final class StoreDeletion {
  private StoreDeletion() {}

  static void delete(StoreFileSystem fs, StoreLayout layout, String location) {
    if (!fs.exists(layout.dir())) {
      return;
    }
    try {
      RatchetMarks.require(fs, layout, location);
      Closeable lock = fs.tryLock(layout.lock());
      if (lock == null) {
        throw new CheckpointLockedException(location);
      }
      try {
        fs.delete(layout.descriptor());
        for (String name : fs.list(layout.dir())) {
          if (StoreLayout.isStoreFile(name) && !name.equals(StoreLayout.LOCK)) {
            fs.delete(layout.dir().resolve(name));
          }
        }
      } finally {
        lock.close();
      }
      fs.delete(layout.lock());
      fs.fsyncDirectory(layout.dir());
      fs.deleteDirectoryIfEmpty(layout.dir());
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "could not delete checkpoint " + location + " (" + e + ")", e);
    }
  }
}
