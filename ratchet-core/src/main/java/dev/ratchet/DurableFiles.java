package dev.ratchet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way Ratchet replaces a whole file durably: write a temp file beside it, force it, rename
 * it over the target atomically, force the directory. A crash leaves the old file or the new one,
 * never a mix; a leftover temp file is removed on failure.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /** What writes the new content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with {@code bytes}. */
  public static void replace(Path target, byte[] bytes) throws IOException {
    replace(target, out -> out.write(bytes));
  }

  /** Replaces {@code target} with what {@code content} writes. */
  public static void replace(Path target, Content content) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(parent);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Forces a directory's entries to disk (where the platform can open a directory). */
  public static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
