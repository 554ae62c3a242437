package dev.ratchet.cli.process;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.internal.IoReasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lock a run holds on its output for as long as it runs: an OS lock on {@code
 * .NAME.ratchet-lock} beside the output's canonical path, so every name of one file (a symlink,
 * another relative path) and every checkpoint meet at the same lock. The file holds the holder's
 * pid and start time; it is never deleted (deleting a lock file races with the next run locking
 * it).
 */
final class OutputLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The output's canonical path: its real path, or its real directory and name if absent. */
  static Path canonical(Path output) {
    try {
      if (Files.exists(output)) {
        return output.toRealPath();
      }
      Path parent = output.toAbsolutePath().getParent();
      return parent.toRealPath().resolve(output.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve output " + output + ": " + e.getMessage(), e);
    }
  }

  /** The lock file of an output. */
  static Path lockFile(Path canonicalOutput) {
    return canonicalOutput.resolveSibling("." + canonicalOutput.getFileName() + ".ratchet-lock");
  }

  /**
   * Takes the lock of {@code output}, or refuses with a {@link RatchetException} (exit code 3)
   * naming the run that holds it.
   */
  static OutputLock acquire(Path output) {
    Path file = lockFile(canonical(output));
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = holder(file);
        channel.close();
        throw new RatchetException(
            "output "
                + output
                + " is being written by another run ("
                + holder
                + "). Nothing was changed; wait for that run to finish or stop it first.");
      }
      channel.truncate(0);
      byte[] who =
          ("pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
              .getBytes(StandardCharsets.UTF_8);
      channel.write(ByteBuffer.wrap(who), 0);
      return new OutputLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RatchetException(
          "cannot lock output "
              + output
              + ": its lock file "
              + file
              + " cannot be created or written ("
              + IoReasons.of(e)
              + "): make the output's directory writable or choose another --output. Nothing was"
              + " changed.",
          e);
    }
  }

  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? "pid unknown" : text;
    } catch (IOException e) {
      return "pid unknown";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the lock goes with the channel
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
