package dev.ratchet.internal.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The one sequence by which Ratchet replaces a file durably, through a {@link StoreFileSystem} (so
 * the fault and power-loss tests see every step): write a temp file, force it, rename it over the
 * target atomically, force the directory (a renamed file can vanish after its own fsync when its
 * directory was not forced). A crash leaves the old file or the new one, never a mix. Used by the
 * journal store's snapshots and descriptor, the run history and {@link dev.ratchet.DurableFiles}
 * (which every other writer uses).
 */
public final class AtomicReplace {
  private AtomicReplace() {}

  /** What writes the new content into the temp file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(StoreFile file) throws IOException;
  }

  /**
   * Replaces {@code target} with what {@code content} writes to {@code temp}, a file that does not
   * exist yet in the target's directory. On failure the temp file may be left; the caller removes
   * it (or a later run does).
   */
  public static void replace(StoreFileSystem fs, Path temp, Path target, Content content)
      throws IOException {
    try (StoreFile file = fs.openForWrite(temp)) {
      content.writeTo(file);
      file.force();
    }
    fs.atomicMove(temp, target);
    Path dir =
        target.getParent() != null ? target.getParent() : target.toAbsolutePath().getParent();
    fs.fsyncDirectory(dir);
  }

  /**
   * A stream writing {@code file} from its start; closing it does not close the file (the replace
   * does, after forcing it).
   */
  public static OutputStream stream(StoreFile file) {
    return new OutputStream() {
      private long position;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          int before = buffer.position();
          file.write(buffer, position);
          position += buffer.position() - before;
        }
      }
    };
  }
}
