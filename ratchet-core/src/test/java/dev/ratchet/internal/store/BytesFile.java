package dev.ratchet.internal.store;

import java.nio.ByteBuffer;

/** A read-only in-memory file, to replay thousands of cut or flipped journals quickly. */
record BytesFile(byte[] bytes, int length) implements StoreFile {
  @Override
  public long size() {
    return length;
  }

  @Override
  public int read(ByteBuffer dst, long position) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), length - position);
    dst.put(bytes, (int) position, n);
    return n;
  }

  @Override
  public void write(ByteBuffer src, long position) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void force() {}

  @Override
  public void truncate(long size) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void close() {}
}
