package dev.ratchet.internal.items;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The lines of a UTF-8 file, keyed by ordinal. Inspecting reads the file once for its fingerprint
 * (size and CRC32C) and its line count; opening seeks straight to a committed {@link SeekPoint}.
 */
public final class LinesSource implements ItemSource<String> {
  private final Path file;

  public LinesSource(Path file) {
    this.file = file;
  }

  @Override
  public String description() {
    return file.toString();
  }

  @Override
  public Info inspect() {
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
        for (int i = 0; i < limit; i++) {
          if (bytes[i] == '\n') {
            newlines++;
          }
        }
        last = bytes[limit - 1];
        size += limit;
        crc.update(bytes, 0, limit);
        buffer.clear();
      }
      long lines = newlines + (size > 0 && last != '\n' ? 1 : 0);
      String fingerprint =
          "lines:size=" + size + ":crc32c=" + String.format("%08x", crc.getValue());
      return new Info(fingerprint, OptionalLong.of(lines), true);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "input file " + file + " could not be read (" + e + "). Nothing was written.", e);
    }
  }

  @Override
  public Cursor<String> open(SeekPoint start) {
    try {
      return new LineCursor(file, start);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "input file " + file + " could not be read (" + e + ")", e);
    }
  }
}
