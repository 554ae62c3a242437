package dev.ratchet.internal.items;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.zip.CRC32C;

/**
 * The lines of a UTF-8 file, keyed by ordinal. Inspecting reads the file once for its fingerprint
 * (size and CRC32C) and its line count; opening seeks straight to a committed {@link SeekPoint}. A
 * cursor opened at the start after an inspection checks at the end of the file that it read the
 * bytes that were fingerprinted (see {@link LineCursor}), so a run that read the whole input needs
 * no second read to know it did not change.
 */
public final class LinesSource implements ItemSource<String> {
  private final Path file;

  /** The size and CRC32C the last inspection found, or null before one. */
  private volatile long[] inspected;

  /** An inspection started ahead on a thread of its own, for the next {@link #inspect()}. */
  private FutureTask<Info> ahead;

  public LinesSource(Path file) {
    this.file = file;
  }

  @Override
  public String description() {
    return file.toString();
  }

  /**
   * Starts the next inspection on a daemon thread, so that reading the file overlaps what a run
   * does before it needs the fingerprint (taking the checkpoint's lock, opening it, its fsyncs);
   * the next {@link #inspect()} waits for it and returns (or throws) what it found. Every check
   * against the checkpoint still happens after the lock, and the cursor still checks at the end of
   * the file that it read the bytes that were fingerprinted. An earlier inspection started ahead
   * and never taken is dropped.
   */
  public synchronized void inspectAhead() {
    FutureTask<Info> task = new FutureTask<>(this::read);
    Thread thread = new Thread(task, "ratchet-fingerprint");
    thread.setDaemon(true);
    thread.start();
    ahead = task;
  }

  @Override
  public Info inspect() {
    FutureTask<Info> task;
    synchronized (this) {
      task = ahead;
      ahead = null;
    }
    return task == null ? read() : await(task);
  }

  /** The result of an inspection started ahead, or what it threw, as {@link #read()} throws it. */
  private static Info await(FutureTask<Info> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Info read() {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "input file " + file + " does not exist; check the path. Nothing was written.");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "input " + file + " is a directory; give the path of a text file. Nothing was written.");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "input file " + file + " is not readable; check its permissions. Nothing was written.");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      CRC32C crc = new CRC32C();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      long size = 0;
      long newlines = 0;
      byte last = '\n';
      while (channel.read(buffer) > 0) {
        buffer.flip();
        byte[] bytes = buffer.array();
        int limit = buffer.limit();
        newlines += countNewlines(bytes, limit);
        last = bytes[limit - 1];
        size += limit;
        crc.update(bytes, 0, limit);
        buffer.clear();
      }
      long lines = newlines + (size > 0 && last != '\n' ? 1 : 0);
      inspected = new long[] {size, crc.getValue()};
      String fingerprint =
          "lines:size=" + size + ":crc32c=" + String.format("%08x", crc.getValue());
      return new Info(fingerprint, OptionalLong.of(lines), true);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "input file " + file + " could not be read (" + e + "). Nothing was written.", e);
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;

  /**
   * How many of the first {@code length} bytes are {@code '\n'}, eight bytes at a time: a byte of
   * {@code word ^ NEWLINES} is zero exactly where the word holds a newline, and {@code ~(((x &
   * 0x7F..) + 0x7F..) | x) & 0x80..} sets the top bit of exactly the zero bytes of {@code x}.
   */
  static long countNewlines(byte[] bytes, int length) {
    long count = 0;
    int i = 0;
    for (int end = length - 7; i < end; i += 8) {
      long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
      count += Long.bitCount(~(((x & LOW_SEVEN) + LOW_SEVEN) | x) & ~LOW_SEVEN);
    }
    for (; i < length; i++) {
      if (bytes[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  @Override
  public Cursor<String> open(SeekPoint start) {
    try {
      return new LineCursor(file, start, start.offset() == 0 ? inspected : null);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "input file " + file + " could not be read (" + e + ")", e);
    }
  }
}
