package dev.ratchet.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream to its end keeping at most {@code limit} bytes, in chunks (no doubling copies).
 * Past the limit it stops reading and calls {@code onOverflow} once (which should kill the writer).
 */
public final class BoundedOutput {
  private static final int CHUNK = 64 * 1024;

  /** What was read: all of it, or (when {@code tooLarge}) nothing kept. */
  public record Captured(byte[] bytes, boolean tooLarge) {}

  private BoundedOutput() {}

  public static Captured read(InputStream in, long limit, Runnable onOverflow) throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    long total = 0;
    byte[] chunk = new byte[(int) Math.min(CHUNK, limit + 1)];
    int used = 0;
    while (true) {
      int n = in.read(chunk, used, chunk.length - used);
      if (n < 0) {
        break;
      }
      used += n;
      total += n;
      if (total > limit) {
        chunks.clear();
        onOverflow.run();
        return new Captured(new byte[0], true);
      }
      if (used == chunk.length) {
        chunks.add(chunk);
        chunk = new byte[(int) Math.min(CHUNK, limit + 1 - total)];
        used = 0;
      }
    }
    byte[] all = new byte[(int) total];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, all, at, c.length);
      at += c.length;
    }
    System.arraycopy(chunk, 0, all, at, used);
    return new Captured(all, false);
  }
}
