package dev.ratchet.internal.store;

import dev.ratchet.RatchetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Whether a directory is a Ratchet checkpoint before anything in it is deleted: every journal and
 * snapshot starts with Ratchet's magic number, and the descriptor is Ratchet's (or, if it is
 * damaged, at least one journal or snapshot is). Another tool's {@code checkpoint.json} or {@code
 * journal-1.log} is never deleted.
 */
final class RatchetMarks {
  private static final byte[] MAGIC = "RATCHET".getBytes(StandardCharsets.US_ASCII);

  private RatchetMarks() {}

  static void require(StoreFileSystem fs, StoreLayout layout, String location) throws IOException {
    boolean marked = false;
    for (String name : fs.list(layout.dir())) {
      boolean journalOrSnapshot =
          StoreLayout.journalGeneration(name).isPresent()
              || StoreLayout.snapshotGeneration(name).isPresent();
      if (!journalOrSnapshot) {
        continue;
      }
      if (!startsWithMagic(fs, layout.dir().resolve(name))) {
        throw notRatchet(location, name);
      }
      marked = true;
    }
    if (marked || !fs.exists(layout.descriptor())) {
      return;
    }
    try {
      Descriptor.read(fs, layout.descriptor());
    } catch (RatchetException e) {
      throw notRatchet(location, StoreLayout.DESCRIPTOR);
    }
  }

  private static boolean startsWithMagic(StoreFileSystem fs, Path file) throws IOException {
    try (StoreFile in = fs.openForRead(file)) {
      ByteBuffer buf = ByteBuffer.allocate(MAGIC.length);
      while (buf.hasRemaining() && in.read(buf, buf.position()) > 0) {
        // read fully
      }
      return !buf.hasRemaining() && Arrays.equals(buf.array(), MAGIC);
    }
  }

  private static RatchetException notRatchet(String location, String file) {
    return new RatchetException(
        location
            + " is not a Ratchet checkpoint: "
            + file
            + " in it does not carry Ratchet's format. Nothing was deleted; check the path (is"
            + " it another tool's directory?) or choose another --checkpoint.");
  }
}
