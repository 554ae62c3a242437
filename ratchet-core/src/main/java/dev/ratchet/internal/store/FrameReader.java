package dev.ratchet.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads frames (see {@link Frames}) from a file through a sliding buffer. Reports a bad frame as
 * data, not as an exception: the caller decides between torn tail and damage.
 */
final class FrameReader {
  private static final int WINDOW = 1 << 20;

  private final StoreFile file;
  private final long size;
  private final int macLength;
  private final TypeFilter types;
  private byte[] window;
  private long windowStart;
  private int windowLength;

  /** Which record types may appear in the file being read. */
  interface TypeFilter {
    boolean accepts(byte type);
  }

  /** The outcome of reading at one offset. */
  sealed interface Result {}

  /** A frame whose length and checksum are valid. */
  record Frame(long offset, long end, byte type, byte[] payload, byte[] mac) implements Result {}

  /** No valid frame at {@code offset}. */
  record Bad(long offset, String reason) implements Result {}

  FrameReader(StoreFile file, long size, int macLength, TypeFilter types) {
    this.file = file;
    this.size = size;
    this.macLength = macLength;
    this.types = types;
    this.window = new byte[(int) Math.max(64, Math.min(WINDOW, size))];
  }

  long size() {
    return size;
  }

  Result readAt(long offset) throws IOException {
    long available = size - offset;
    if (available < Frames.PREFIX) {
      return new Bad(offset, "record cut short (" + available + " bytes)");
    }
    byte[] prefix = read(offset, Frames.PREFIX);
    ByteBuffer head = ByteBuffer.wrap(prefix);
    int bodyLength = head.getInt();
    int storedCrc = head.getInt();
    if (bodyLength < 1 + macLength || bodyLength > Frames.MAX_BODY) {
      return new Bad(offset, "impossible record length " + bodyLength);
    }
    if (bodyLength > available - Frames.PREFIX) {
      return new Bad(offset, "record extends past the end of the file");
    }
    byte[] body = read(offset + Frames.PREFIX, bodyLength);
    if (!types.accepts(body[0])) {
      return new Bad(offset, "unknown record type " + body[0]);
    }
    CRC32C crc = new CRC32C();
    crc.update(prefix, 0, 4);
    crc.update(body, 0, bodyLength);
    if ((int) crc.getValue() != storedCrc) {
      return new Bad(offset, "record checksum mismatch");
    }
    int payloadLength = bodyLength - 1 - macLength;
    byte[] payload = new byte[payloadLength];
    System.arraycopy(body, 1, payload, 0, payloadLength);
    byte[] mac = new byte[macLength];
    System.arraycopy(body, 1 + payloadLength, mac, 0, macLength);
    return new Frame(offset, offset + Frames.PREFIX + bodyLength, body[0], payload, mac);
  }

  /** The first valid frame starting after {@code offset}, or null if there is none. */
  Frame nextValidFrameAfter(long offset) throws IOException {
    for (long at = offset + 1; at + Frames.PREFIX < size; at++) {
      if (readAt(at) instanceof Frame frame) {
        return frame;
      }
    }
    return null;
  }

  private byte[] read(long offset, int length) throws IOException {
    if (offset < windowStart || offset + length > windowStart + windowLength) {
      fill(offset, length);
    }
    byte[] out = new byte[length];
    System.arraycopy(window, (int) (offset - windowStart), out, 0, length);
    return out;
  }

  private void fill(long offset, int length) throws IOException {
    if (window.length < length) {
      window = new byte[length];
    }
    int want = (int) Math.min(window.length, size - offset);
    ByteBuffer dst = ByteBuffer.wrap(window, 0, want);
    while (dst.hasRemaining()) {
      if (file.read(dst, offset + dst.position()) < 0) {
        throw new IOException("file shrank while being read");
      }
    }
    windowStart = offset;
    windowLength = want;
  }
}
