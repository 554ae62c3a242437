package dev.ratchet.internal.jdbc;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.StoreUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS lock on a lock file, held while a store is open. Released by the OS if the process dies.
 */
public final class FileLease {
  private final FileChannel channel;
  private final FileLock lock;

  private FileLease(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static FileLease acquire(Path lockFile, String location) {
    try {
      Path dir = lockFile.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        SqliteFiles.createPrivateDirectories(dir);
      }
      FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      SqliteFiles.makePrivate(lockFile);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new CheckpointLockedException(location);
      }
      return new FileLease(ch, lock);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  /** Like {@link #acquire} but returns null when there is no lock file (nothing to guard). */
  public static FileLease acquireIfPresent(Path lockFile, String location) {
    return Files.exists(lockFile) ? acquire(lockFile, location) : null;
  }

  public void release() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock in any case
    }
  }
}
