package dev.ratchet.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** One open file of the store, read and written at explicit positions. */
public interface StoreFile extends Closeable {

  /** The file's current size in bytes. */
  long size() throws IOException;

  /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 at the end. */
  int read(ByteBuffer dst, long position) throws IOException;

  /** Writes all of {@code src} at {@code position}. */
  void write(ByteBuffer src, long position) throws IOException;

  /** Forces the file's content (not necessarily its metadata) to the disk. */
  void force() throws IOException;

  /** Cuts the file to {@code size} bytes. */
  void truncate(long size) throws IOException;
}
