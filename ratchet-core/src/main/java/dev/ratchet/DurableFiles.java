package dev.ratchet;

import dev.ratchet.internal.store.AtomicReplace;
import dev.ratchet.internal.store.NioStoreFileSystem;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way Ratchet replaces a whole file durably: write a temp file beside it, force it, rename
 * it over the target atomically, force the directory. A crash leaves the old file or the new one,
 * never a mix; a leftover temp file is removed on failure. A new file is private (0600); a file
 * that is replaced keeps its permissions. A symlink is written through (the file it names is
 * replaced, the link stays); a device, FIFO or directory is refused, never replaced.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /** What writes the new content. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the content to {@code out}; closing {@code out} only flushes it (a JSON generator may
     * close what it writes to).
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with {@code bytes}. */
  public static void replace(Path target, byte[] bytes) throws IOException {
    replace(target, out -> out.write(bytes));
  }

  /** Replaces {@code target} with what {@code content} writes. */
  public static void replace(Path target, Content content) throws IOException {
    Path absolute = fileToReplace(target);
    Path temp =
        absolute.resolveSibling(
            "."
                + absolute.getFileName()
                + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".tmp");
    try {
      AtomicReplace.replace(
          NioStoreFileSystem.INSTANCE,
          temp,
          absolute,
          file -> {
            OutputStream out =
                new BufferedOutputStream(AtomicReplace.stream(file), 1 << 16) {
                  @Override
                  public void close() throws IOException {
                    flush();
                  }
                };
            content.writeTo(out);
            out.flush();
            keepPermissions(absolute, temp);
          });
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The file that {@code target} names: itself, or the file its symlinks lead to (the link stays a
   * link, as a shell's {@code >} writes through it). Refuses a target that exists and is not a
   * regular file: renaming over a device ({@code /dev/stdout}), a FIFO or a directory would put a
   * file in its place.
   */
  private static Path fileToReplace(Path target) throws IOException {
    Path file = target.toAbsolutePath();
    for (int links = 0; Files.isSymbolicLink(file); links++) {
      if (links == 40) {
        throw new FileSystemException(target.toString(), null, "too many levels of symlinks");
      }
      file = file.resolveSibling(Files.readSymbolicLink(file));
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new FileSystemException(
          target.toString(),
          null,
          "is not a regular file (a device, a FIFO or a directory); only a file is replaced");
    }
    return file;
  }

  private static void keepPermissions(Path target, Path temp) throws IOException {
    PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (from != null && Files.exists(target)) {
      Files.getFileAttributeView(temp, PosixFileAttributeView.class)
          .setPermissions(from.readAttributes().permissions());
    }
  }

  /** Forces a directory's entries to disk (where the platform can open a directory). */
  public static void forceDirectory(Path directory) throws IOException {
    NioStoreFileSystem.INSTANCE.fsyncDirectory(directory);
  }
}
