package dev.ratchet.reliability.sim;

import dev.ratchet.internal.store.StoreFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Path;

/** An open simulated file: a handle on a {@link SimNode}, like a file descriptor on an inode. */
final class SimFile implements StoreFile {
  private final SimFileSystem fs;
  private final SimNode node;
  private final Path path;
  private final boolean writable;
  private boolean closed;

  SimFile(SimFileSystem fs, SimNode node, Path path, boolean writable) {
    this.fs = fs;
    this.node = node;
    this.path = path;
    this.writable = writable;
  }

  @Override
  public long size() throws IOException {
    requireOpen();
    return fs.size(node);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    requireOpen();
    return fs.read(node, dst, position);
  }

  @Override
  public void write(ByteBuffer src, long position) throws IOException {
    requireWritable();
    fs.write(node, path, src, position);
  }

  @Override
  public void force() throws IOException {
    requireOpen();
    fs.force(node, path);
  }

  @Override
  public void truncate(long size) throws IOException {
    requireWritable();
    fs.truncate(node, path, size);
  }

  @Override
  public void close() {
    fs.alive();
    closed = true;
  }

  private void requireOpen() throws IOException {
    if (closed) {
      throw new IOException("simulated file " + path + " is closed");
    }
  }

  private void requireWritable() throws IOException {
    requireOpen();
    if (!writable) {
      throw new NonWritableChannelException();
    }
  }
}
