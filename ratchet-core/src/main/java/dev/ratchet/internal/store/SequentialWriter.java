package dev.ratchet.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Appends frames to a new file through a buffer; used to write snapshots and new journals. */
final class SequentialWriter {
  private static final int FLUSH_AT = 1 << 20;

  private final StoreFile file;
  private final MacChain chain;
  private final ByteBuffer buffer = ByteBuffer.allocate(FLUSH_AT * 2);
  private long position;

  SequentialWriter(StoreFile file, byte[] header, MacChain chain) throws IOException {
    this.file = file;
    this.chain = chain;
    file.write(ByteBuffer.wrap(header), 0);
    this.position = header.length;
  }

  void append(byte type, byte[] payload) throws IOException {
    ByteBuffer frame = Frames.encode(type, payload, payload.length, chain);
    if (frame.remaining() > buffer.remaining()) {
      flush();
    }
    if (frame.remaining() > buffer.remaining()) {
      file.write(frame, position);
      position += frame.limit();
      return;
    }
    buffer.put(frame);
    if (buffer.position() >= FLUSH_AT) {
      flush();
    }
  }

  /** Writes what is buffered and forces the file; returns its length. */
  long finish() throws IOException {
    flush();
    file.force();
    return position;
  }

  private void flush() throws IOException {
    buffer.flip();
    int length = buffer.remaining();
    file.write(buffer, position);
    position += length;
    buffer.clear();
  }
}
