package dev.ratchet.internal.items;

import dev.ratchet.DurableFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Puts the records of a finished JSON-lines output in input order. Records are appended batch by
 * batch in input order, but an item that failed and was retried by a later run is appended after
 * the items done before it; when the run succeeds (before its checkpoint is removed) the file is
 * rewritten with every record at its input position: a new file, forced and renamed over the old
 * one, so a crash leaves either the old order or the new one, never a record missing or twice. A
 * file already in order (the usual case) is only read. Records whose keys are not line numbers are
 * left as they are.
 */
final class OutputOrder {
  private static final byte[] KEY_PREFIX = "{\"key\":\"".getBytes(StandardCharsets.US_ASCII);

  private OutputOrder() {}

  /** Whether every record's key is a line number, each greater than the one before. */
  static boolean inOrder(Path file) throws IOException {
    Index index = index(file);
    return index != null && index.sorted();
  }

  /** Rewrites {@code file} in key order if it is not. */
  static void restore(Path file) throws IOException {
    Index index = index(file);
    if (index == null || index.sorted()) {
      return;
    }
    Integer[] order = new Integer[index.count];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(index.keys[a], index.keys[b]));
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      DurableFiles.replace(
          file,
          out -> {
            for (int i : order) {
              long start = index.starts[i];
              long end = i + 1 < index.count ? index.starts[i + 1] : index.end;
              ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(end - start));
              while (buffer.hasRemaining()) {
                if (in.read(buffer, start + buffer.position()) < 0) {
                  throw new IOException(file + " shrank while its records were put in order");
                }
              }
              out.write(buffer.array());
            }
          });
    }
  }

  /** The start offset and key of each record, or null if a key is not a line number. */
  private static Index index(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    Index index = new Index();
    try (InputStream in =
        new BufferedInputStream(
            Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ)), 1 << 16)) {
      long offset = 0;
      boolean lineStart = true;
      int prefixAt = 0;
      long key = -1;
      boolean inKey = false;
      for (int b = in.read(); b >= 0; b = in.read(), offset++) {
        if (lineStart) {
          index.add(offset);
          lineStart = false;
          prefixAt = 0;
          key = 0;
          inKey = false;
        }
        if (b == '\n') {
          if (!inKey && prefixAt < 0) {
            index.keys[index.count - 1] = key;
          } else {
            return null;
          }
          lineStart = true;
          continue;
        }
        if (prefixAt >= 0 && prefixAt < KEY_PREFIX.length) {
          if (b != KEY_PREFIX[prefixAt++]) {
            return null;
          }
          inKey = prefixAt == KEY_PREFIX.length;
        } else if (inKey) {
          if (b == '"') {
            inKey = false;
            prefixAt = -1;
          } else if (b >= '0' && b <= '9' && key < Long.MAX_VALUE / 10) {
            key = key * 10 + (b - '0');
          } else {
            return null;
          }
        }
      }
      if (!lineStart) {
        return null;
      }
      index.end = offset;
    }
    return index;
  }

  /** Offsets and keys of the records of one file. */
  private static final class Index {
    long[] starts = new long[64];
    long[] keys = new long[64];
    int count;
    long end;

    void add(long start) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        keys = Arrays.copyOf(keys, count * 2);
      }
      starts[count++] = start;
    }

    boolean sorted() {
      for (int i = 1; i < count; i++) {
        if (keys[i] <= keys[i - 1]) {
          return false;
        }
      }
      return true;
    }
  }
}
