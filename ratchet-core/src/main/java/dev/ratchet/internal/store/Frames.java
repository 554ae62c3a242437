package dev.ratchet.internal.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Record framing: {@code [length:4][crc32c:4][type:1][payload][mac:0|32]}. {@code length} counts
 * the bytes after the 8-byte prefix; the CRC32C covers the length field and everything after the
 * prefix, so a flipped length is caught like any other flipped byte.
 */
final class Frames {
  static final int PREFIX = 8;

  /** No record may be larger than this; a larger length field is damage or a torn tail. */
  static final int MAX_BODY = 1 << 28;

  private Frames() {}

  /** Frames a record; {@code chain} (nullable) supplies and advances the MAC. */
  static ByteBuffer encode(byte type, byte[] payload, int payloadLength, MacChain chain) {
    int macLength = chain == null ? 0 : MacChain.LENGTH;
    int bodyLength = 1 + payloadLength + macLength;
    if (bodyLength > MAX_BODY) {
      throw new IllegalArgumentException(
          "a single commit may hold at most "
              + MAX_BODY
              + " bytes, this one has "
              + payloadLength
              + "; commit in smaller batches");
    }
    ByteBuffer buf = ByteBuffer.allocate(PREFIX + bodyLength);
    buf.putInt(bodyLength).putInt(0).put(type).put(payload, 0, payloadLength);
    if (chain != null) {
      buf.put(chain.next(type, payload, 0, payloadLength));
    }
    buf.putInt(4, crc(buf.array(), 0, bodyLength));
    buf.flip();
    return buf;
  }

  /** CRC32C of the length field at {@code prefixOffset} and the body that follows the prefix. */
  static int crc(byte[] frame, int prefixOffset, int bodyLength) {
    CRC32C crc = new CRC32C();
    crc.update(frame, prefixOffset, 4);
    crc.update(frame, prefixOffset + PREFIX, bodyLength);
    return (int) crc.getValue();
  }
}
