package dev.ratchet.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file behind a {@link FileChannel} that survives thread interrupts. NIO closes a channel when a
 * thread using it is interrupted, which would turn one cancelled worker into an I/O failure of the
 * whole store. Every operation here is positional and idempotent, so on such a close the channel is
 * reopened and the operation retried with the interrupt status set aside, then restored for the
 * caller.
 */
final class NioFile implements StoreFile {
  private static final int MAX_OTHER_REOPENS = 3;

  private final Path path;
  private final boolean writable;
  private volatile FileChannel channel;
  private volatile boolean closed;

  NioFile(Path path, boolean writable) throws IOException {
    this.path = path;
    this.writable = writable;
    this.channel = open();
  }

  private FileChannel open() throws IOException {
    return writable
        ? NioStoreFileSystem.openCreating(path)
        : FileChannel.open(path, StandardOpenOption.READ);
  }

  private interface Operation<T> {
    T run(FileChannel channel) throws IOException;
  }

  private <T> T io(Operation<T> operation) throws IOException {
    boolean interrupted = false;
    try {
      int otherCloses = 0;
      while (true) {
        FileChannel current = channel;
        try {
          return operation.run(current);
        } catch (ClosedChannelException e) {
          boolean byInterrupt =
              e instanceof ClosedByInterruptException || e instanceof AsynchronousCloseException;
          interrupted |= Thread.interrupted();
          if (closed || (!byInterrupt && ++otherCloses > MAX_OTHER_REOPENS)) {
            throw e;
          }
          reopen(current);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void reopen(FileChannel failed) throws IOException {
    if (channel == failed && !closed) {
      channel = open();
    }
  }

  @Override
  public long size() throws IOException {
    return io(FileChannel::size);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    int start = dst.position();
    return io(
        ch -> {
          dst.position(start);
          return ch.read(dst, position);
        });
  }

  @Override
  public void write(ByteBuffer src, long position) throws IOException {
    int start = src.position();
    io(
        ch -> {
          src.position(start);
          long at = position;
          while (src.hasRemaining()) {
            at += ch.write(src, at);
          }
          return null;
        });
  }

  @Override
  public void force() throws IOException {
    io(
        ch -> {
          ch.force(false);
          return null;
        });
  }

  @Override
  public void truncate(long size) throws IOException {
    io(ch -> ch.truncate(size));
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
