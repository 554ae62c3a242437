package dev.ratchet.internal.items;

import dev.ratchet.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Puts the records of a finished JSON-lines output in input order. Records are appended batch by
 * batch in input order, but an item that failed and was retried by a later run is appended after
 * the items done before it; when the run succeeds (before its checkpoint is removed) the file is
 * rewritten with every record at its input position: a new file, forced and renamed over the old
 * one, so a crash leaves either the old order or the new one, never a record missing or twice. A
 * file already in order (the usual case) is only read. Records whose keys are not line numbers are
 * left as they are.
 *
 * <p>Memory does not grow with the number of records: the file is read as a few ascending runs
 * (each run that retried items appends one more) and they are merged by their keys, holding one
 * small read window per run and never a whole record.
 */
final class OutputOrder {
  private static final byte[] KEY_PREFIX = "{\"key\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int WINDOW = 8 << 10;

  private OutputOrder() {}

  /**
   * The line number {@code key} stands for as {@link #restore} reads it from a record ({@code
   * "123"} is 123), or -1 if it is not one.
   */
  static long lineNumber(String key) {
    int length = key.length();
    if (length == 0) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9' || value >= Long.MAX_VALUE / 10) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Whether every record's key is a line number, each greater than the one before. */
  static boolean inOrder(Path file) throws IOException {
    long[] runs = runs(file, true);
    return runs != null && runs.length <= 1;
  }

  /** Rewrites {@code file} in key order if it is not. */
  static void restore(Path file) throws IOException {
    long[] starts = runs(file, false);
    if (starts == null || starts.length <= 1) {
      return;
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      PriorityQueue<Cursor> queue = new PriorityQueue<>();
      for (int i = 0; i < starts.length; i++) {
        Cursor cursor = new Cursor(in, i, starts[i], i + 1 < starts.length ? starts[i + 1] : size);
        if (cursor.next()) {
          queue.add(cursor);
        }
      }
      DurableFiles.replace(
          file,
          out -> {
            byte[] copy = new byte[1 << 16];
            while (!queue.isEmpty()) {
              Cursor cursor = queue.poll();
              cursor.copyRecord(out, copy);
              if (cursor.next()) {
                queue.add(cursor);
              }
            }
          });
    }
  }

  /**
   * The start offset of each ascending run of records (a record whose key is not greater than the
   * one before starts a new run), or null if a key is not a line number. With {@code firstBreak},
   * stops at the second run.
   */
  private static long[] runs(Path file, boolean firstBreak) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    long[] starts = new long[4];
    int count = 0;
    try (InputStream in =
        Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ))) {
      byte[] buffer = new byte[1 << 16];
      long offset = 0;
      long recordStart = 0;
      long previous = -1;
      KeyParser parser = new KeyParser();
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        for (int i = 0; i < read; i++, offset++) {
          byte b = buffer[i];
          if (b != '\n') {
            parser.accept(b & 0xff);
            continue;
          }
          long key = parser.key();
          if (key < 0) {
            return null;
          }
          if (key <= previous || count == 0) {
            if (count == starts.length) {
              starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = recordStart;
            if (firstBreak && count > 1) {
              return Arrays.copyOf(starts, count);
            }
          }
          previous = key;
          recordStart = offset + 1;
          parser.reset();
        }
      }
      if (recordStart != offset) {
        return null;
      }
    }
    return Arrays.copyOf(starts, count);
  }

  /** Reads the key at the start of one record, byte by byte: {@code {"key":"123"…}. */
  private static final class KeyParser {
    private int prefixAt;
    private long key;
    private boolean inKey;
    private boolean done;
    private boolean bad;

    void reset() {
      prefixAt = 0;
      key = 0;
      inKey = false;
      done = false;
      bad = false;
    }

    void accept(int b) {
      if (done || bad) {
        return;
      }
      if (prefixAt < KEY_PREFIX.length) {
        if (b != KEY_PREFIX[prefixAt++]) {
          bad = true;
        }
        inKey = prefixAt == KEY_PREFIX.length;
      } else if (inKey) {
        if (b == '"') {
          done = true;
        } else if (b >= '0' && b <= '9' && key < Long.MAX_VALUE / 10) {
          key = key * 10 + (b - '0');
        } else {
          bad = true;
        }
      }
    }

    /** The record's key, or -1 if it has none that is a line number. */
    long key() {
      return done ? key : -1;
    }
  }

  /** One ascending run being merged: the key and extent of its current record. */
  private static final class Cursor implements Comparable<Cursor> {
    private final FileChannel in;
    private final int run;
    private final long end;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart = -1;
    private long at;
    private long recordStart;
    private long key;

    Cursor(FileChannel in, int run, long start, long end) {
      this.in = in;
      this.run = run;
      this.at = start;
      this.end = end;
    }

    /** Moves to the next record of the run; false at its end. */
    boolean next() throws IOException {
      if (at >= end) {
        return false;
      }
      recordStart = at;
      KeyParser parser = new KeyParser();
      for (int b = byteAt(at); b != '\n'; b = byteAt(at)) {
        parser.accept(b);
        at++;
      }
      at++;
      key = parser.key();
      return true;
    }

    void copyRecord(OutputStream out, byte[] copy) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(copy);
      for (long from = recordStart; from < at; ) {
        buffer.clear().limit((int) Math.min(copy.length, at - from));
        int n = in.read(buffer, from);
        if (n < 0) {
          throw new IOException("the output shrank while its records were put in order");
        }
        out.write(copy, 0, n);
        from += n;
      }
    }

    private int byteAt(long position) throws IOException {
      if (windowStart < 0 || position < windowStart || position >= windowStart + window.limit()) {
        window.clear();
        windowStart = position;
        while (window.position() == 0) {
          if (in.read(window, position) < 0) {
            throw new IOException("the output shrank while its records were put in order");
          }
        }
        window.flip();
      }
      return window.get((int) (position - windowStart)) & 0xff;
    }

    @Override
    public int compareTo(Cursor other) {
      int byKey = Long.compare(key, other.key);
      return byKey != 0 ? byKey : Integer.compare(run, other.run);
    }
  }
}
