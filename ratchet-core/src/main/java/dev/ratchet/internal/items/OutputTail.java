package dev.ratchet.internal.items;

import dev.ratchet.items.JsonLinesSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The last record committed to a JSON-lines output: its length and CRC32C, committed with the
 * output's length. A resumed run checks that the output still ends, at the committed length, with
 * that record before it cuts anything, so it never cuts back a file changed or replaced behind its
 * back.
 */
final class OutputTail {
  /** The committed length in bytes of the last record, newline included. */
  static final String BYTES = "sink.jsonl.tail.bytes";

  /** The CRC32C of the last record, newline included. */
  static final String CRC = "sink.jsonl.tail.crc32c";

  static final OutputTail NONE = new OutputTail(0, 0);

  private final long bytes;
  private final long crc;

  private OutputTail(long bytes, long crc) {
    this.bytes = bytes;
    this.crc = crc;
  }

  /**
   * The tail after writing the record of {@code length} bytes from {@code offset} in {@code bytes},
   * its newline included as its last byte.
   */
  static OutputTail of(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return new OutputTail(length, crc.getValue());
  }

  Map<String, Long> positions(long length) {
    if (bytes == 0) {
      return Map.of(JsonLinesSink.POSITION, length);
    }
    return Map.of(JsonLinesSink.POSITION, length, BYTES, bytes, CRC, crc);
  }

  /**
   * Checks that the file ends at {@code length} with the committed tail (a checkpoint without one
   * is not checked) and returns it.
   */
  static OutputTail verify(FileChannel channel, Map<String, Long> committed, long length, Path file)
      throws IOException {
    Long bytes = committed.get(BYTES);
    Long crc = committed.get(CRC);
    if (bytes == null || crc == null || bytes <= 0 || bytes > length || bytes > (1 << 30)) {
      return NONE;
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(bytes));
    long at = length - bytes;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at + buffer.position());
      if (n < 0) {
        break;
      }
    }
    CRC32C actual = new CRC32C();
    actual.update(buffer.flip());
    if (actual.getValue() != crc && !(channel.size() == length && OutputOrder.inOrder(file))) {
      // (a file of the committed length in input order was put in order by a run that then died)
      throw JsonLinesWriter.outputChanged(
          file, "does not end, at the committed length, with the record committed last", length);
    }
    return new OutputTail(bytes, crc);
  }
}
