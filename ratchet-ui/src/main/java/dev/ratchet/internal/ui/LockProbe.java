package dev.ratchet.internal.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Tells whether a live run holds a checkpoint's lock without touching the lock: on Linux the kernel
 * lists every held file lock in {@code /proc/locks} (with the holder's pid and the file's device
 * and inode), so reading that file is enough. Trying the lock instead would make a run that starts
 * at that instant fail with "in use".
 */
final class LockProbe {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  /** The holders found in one reading of the lock table. */
  record Snapshot(boolean available, Map<String, Long> holderByFile) {
    /**
     * The pid holding {@code lockFile}, empty if nobody does; empty as well when the lock table
     * cannot be read ({@link #available()} false).
     */
    OptionalLong holder(Path lockFile) {
      if (!available) {
        return OptionalLong.empty();
      }
      try {
        Object dev = Files.getAttribute(lockFile, "unix:dev");
        Object ino = Files.getAttribute(lockFile, "unix:ino");
        Long pid = holderByFile.get(key((Long) dev, (Long) ino));
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        return OptionalLong.empty();
      }
    }
  }

  private LockProbe() {}

  /** Reads the lock table once. */
  static Snapshot read() {
    if (!Files.isReadable(PROC_LOCKS)) {
      return new Snapshot(false, Map.of());
    }
    try {
      return new Snapshot(true, parse(Files.readString(PROC_LOCKS)));
    } catch (IOException e) {
      return new Snapshot(false, Map.of());
    }
  }

  /**
   * Parses lines such as {@code 1: POSIX ADVISORY WRITE 30251 fe:00:2146734 0 EOF}; waiters ({@code
   * 1: -> POSIX ...}) hold nothing and are skipped.
   */
  static Map<String, Long> parse(String table) {
    Map<String, Long> holders = new HashMap<>();
    for (String line : table.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 6 || fields[1].equals("->")) {
        continue;
      }
      String[] file = fields[5].split(":");
      if (file.length != 3) {
        continue;
      }
      try {
        long pid = Long.parseLong(fields[4]);
        holders.put(
            key(Long.parseLong(file[0], 16), Long.parseLong(file[1], 16), Long.parseLong(file[2])),
            pid);
      } catch (NumberFormatException e) {
        // not a lock line
      }
    }
    return holders;
  }

  /** The key of a file from its {@code st_dev} (glibc's encoding of major and minor) and inode. */
  static String key(long dev, long ino) {
    long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    return key(major, minor, ino);
  }

  private static String key(long major, long minor, long ino) {
    return major + ":" + minor + ":" + ino;
  }
}
