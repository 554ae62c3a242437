package dev.ratchet.internal.items;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The bytes of one write of a JSON-lines output: a byte stream for Jackson's generator that lends
 * its array (no copy per batch) and that {@link PlainRecords} appends to directly. Not thread-safe.
 */
final class OutputBytes extends ByteArrayOutputStream {
  OutputBytes() {
    super(1 << 16);
  }

  byte[] array() {
    return buf;
  }

  /** Makes room for {@code more} bytes after the current end; returns the array to write to. */
  byte[] room(int more) {
    if (buf.length - count < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
    return buf;
  }

  /** The end, where the next byte goes. */
  int end() {
    return count;
  }

  /** Moves the end to {@code at} (forward after writing through {@link #room}, or back). */
  void end(int at) {
    count = at;
  }
}
