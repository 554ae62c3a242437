package dev.ratchet.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The input files every contender reads: {@code n} lines of the same deterministic text, written
 * once per run and shared, so that no contender reads different data.
 */
public final class Inputs {
  private final Path dir;
  private final Map<Long, Path> files = new HashMap<>();

  public Inputs(Path dir) {
    this.dir = dir;
  }

  /** The line at {@code ordinal}: about 40 bytes, like a URL or an id with some payload. */
  public static String line(long ordinal) {
    return "item-" + ordinal + " https://example.org/r/" + Long.toHexString(ordinal * 2654435761L);
  }

  public synchronized Path lines(long n) throws IOException {
    Path existing = files.get(n);
    if (existing != null) {
      return existing;
    }
    Files.createDirectories(dir);
    Path file = dir.resolve("items-" + n + ".txt");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < n; i++) {
        w.write(line(i));
        w.write('\n');
      }
    }
    files.put(n, file);
    return file;
  }
}
