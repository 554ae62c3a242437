package dev.ratchet.internal.items;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A finished JSON-lines file, handed to the hooks that run after a successful run: its size and
 * CRC32C, known without reading the file back when the writer wrote all of it in this run (it
 * hashed what it wrote), else read once on first request.
 */
public final class WrittenOutput {
  /** The hooks of a sink, in order. */
  @FunctionalInterface
  public interface Hook {
    void finish(WrittenOutput output) throws IOException;
  }

  private final Path file;
  private long bytes = -1;
  private long crc32c;

  WrittenOutput(Path file, long bytes, long crc32c) {
    this.file = file;
    this.bytes = bytes;
    this.crc32c = crc32c;
  }

  /** A file whose digest is read from the file when asked for. */
  public WrittenOutput(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public long bytes() throws IOException {
    digest();
    return bytes;
  }

  public long crc32c() throws IOException {
    digest();
    return crc32c;
  }

  private void digest() throws IOException {
    if (bytes >= 0) {
      return;
    }
    CRC32C crc = new CRC32C();
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        crc.update(buffer, 0, n);
        size += n;
      }
    }
    crc32c = crc.getValue();
    bytes = size;
  }
}
