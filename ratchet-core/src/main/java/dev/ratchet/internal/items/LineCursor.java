package dev.ratchet.internal.items;

import dev.ratchet.RatchetException;
import dev.ratchet.items.ExactText;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.SourceItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * Reads lines from a byte offset, tracking each line's ordinal and where the next one starts. A
 * line keeps its bytes exactly ({@link ExactText}); a UTF-8 byte order mark at the start of the
 * file is not part of the first line. A cursor given the fingerprint of the whole file (opened at
 * its start) hashes what it reads and, at the end of the file, refuses content that differs from
 * the fingerprint: the input was rewritten in place while the run read it.
 */
final class LineCursor implements ItemSource.Cursor<String>, ItemFeed<String> {
  /** The UTF-8 byte order mark. */
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Path file;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
  private byte[] line = new byte[256];
  private final long sizeAtOpen;
  private final Object identity;
  private final long[] expected;
  private final CRC32C crc;
  private long bytesRead;
  private long offset;

  /** Where the last line read starts. */
  private long lineStart;

  private long ordinal;
  private SourceItem<String> next;
  private boolean eof;

  /**
   * A cursor at {@code start}; {@code expected}: the size and CRC32C of the whole file, checked at
   * its end (only for a cursor at the start of the file), or null.
   */
  LineCursor(Path file, SeekPoint start, long[] expected) throws IOException {
    this.file = file;
    this.expected = start.offset() == 0 ? expected : null;
    this.crc = this.expected == null ? null : new CRC32C();
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      checkLineStart(start.offset());
      channel.position(start.offset());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    this.offset = start.offset();
    this.ordinal = start.ordinal();
    this.sizeAtOpen = channel.size();
    this.identity = identity(file);
    buffer.flip();
  }

  private static Object identity(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  /**
   * Checked before every read of the file: it may not shrink (a truncation, as logrotate's
   * copytruncate does) nor be replaced by another file under its name, while the run reads it.
   */
  private void requireUnchanged() throws IOException {
    long size = channel.size();
    if (size < sizeAtOpen) {
      throw changed("it was cut from " + sizeAtOpen + " to " + size + " bytes (truncated)");
    }
    Object now;
    try {
      now = identity(file);
    } catch (NoSuchFileException e) {
      throw changed("it was removed or renamed");
    }
    if (identity != null && !identity.equals(now)) {
      throw changed("another file was put in its place (renamed over it or created anew)");
    }
  }

  /** At the end of the file: what was read from its start is what was fingerprinted. */
  private void requireFingerprint() {
    if (expected != null && (bytesRead != expected[0] || crc.getValue() != expected[1])) {
      throw changed(
          String.format(
              "its content differs from when the run started (%d bytes, CRC32C %08x; read %d"
                  + " bytes, CRC32C %08x)",
              expected[0], expected[1], bytesRead, crc.getValue()));
    }
  }

  private RatchetException changed(String how) {
    return new RatchetException(
        "input "
            + file
            + " changed while the run read it: "
            + how
            + ", at item "
            + ordinal
            + ". The run stopped; the checkpoint is kept with the items done so far. Restore the"
            + " input and run the same command again, or start over on the new input with --fresh"
            + " (library: fresh()).");
  }

  private void checkLineStart(long at) throws IOException {
    if (at == 0) {
      return;
    }
    ByteBuffer before = ByteBuffer.allocate(1);
    if (at > channel.size() || channel.read(before, at - 1) != 1 || before.get(0) != '\n') {
      throw new RatchetException(
          "checkpoint seek offset "
              + at
              + " is not the start of a line in "
              + file
              + "; the input changed. Start fresh to process it from the beginning.");
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null && !eof) {
      String text = readText();
      if (text != null) {
        long at = ordinal - 1;
        next = new SourceItem<>(Long.toString(at), text, at, new SeekPoint(ordinal, offset));
      }
    }
    return next != null;
  }

  @Override
  public SourceItem<String> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SourceItem<String> item = next;
    next = null;
    return item;
  }

  /** The next line as work, without a {@link SourceItem} or a {@link SeekPoint} of its own. */
  @Override
  public WorkItem<String> nextWork() {
    if (next != null) {
      SourceItem<String> item = next;
      next = null;
      return new WorkItem<>(item, null);
    }
    String text = eof ? null : readText();
    return text == null ? null : WorkItem.ofOrdinal(ordinal - 1, text);
  }

  @Override
  public SeekPoint end() {
    return new SeekPoint(ordinal, offset);
  }

  @Override
  public SeekPoint before() {
    return new SeekPoint(ordinal - 1, lineStart);
  }

  private String readText() {
    try {
      return readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("reading input file " + file + " failed", e);
    }
  }

  /** The next line's text (moving past it), or null at the end. */
  private String readLine() throws IOException {
    int length = 0;
    while (true) {
      if (!buffer.hasRemaining()) {
        requireUnchanged();
        buffer.clear();
        int read = channel.read(buffer);
        buffer.flip();
        if (crc != null && read > 0) {
          crc.update(buffer.array(), 0, read);
          bytesRead += read;
        }
        if (read <= 0) {
          requireUnchanged();
          requireFingerprint();
          eof = true;
          return length == 0 ? null : item(line, 0, length, length);
        }
      }
      byte[] bytes = buffer.array();
      int from = buffer.position();
      int limit = buffer.limit();
      int newline = from;
      while (newline < limit && bytes[newline] != '\n') {
        newline++;
      }
      int chunk = newline - from;
      if (length == 0 && newline < limit) {
        buffer.position(newline + 1); // the whole line is in the buffer: decoded from there
        return item(bytes, from, chunk, chunk + 1);
      }
      if (length + chunk > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
      }
      System.arraycopy(bytes, from, line, length, chunk);
      length += chunk;
      if (newline < limit) {
        buffer.position(newline + 1);
        return item(line, 0, length, length + 1);
      }
      buffer.position(limit);
    }
  }

  /** The text of the line of {@code length} bytes at {@code start} in {@code bytes}. */
  private String item(byte[] bytes, int start, int length, int consumed) {
    int textLength = length > 0 && bytes[start + length - 1] == '\r' ? length - 1 : length;
    int from = offset == 0 && startsWithBom(bytes, start, textLength) ? BOM.length : 0;
    String text = ExactText.decode(bytes, start + from, textLength - from);
    ordinal++;
    lineStart = offset;
    offset += consumed;
    return text;
  }

  private static boolean startsWithBom(byte[] bytes, int start, int length) {
    return length >= BOM.length
        && bytes[start] == BOM[0]
        && bytes[start + 1] == BOM[1]
        && bytes[start + 2] == BOM[2];
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
