package dev.ratchet.cli.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last bytes a command wrote to standard error ({@code --exec} and {@code --exec-stream}), kept
 * in a ring while a thread of the caller's drains the stream, so a failure can quote them and the
 * command never blocks on a full pipe.
 */
final class StderrTail {
  private final byte[] ring;
  private long total;

  StderrTail(int size) {
    this.ring = new byte[size];
  }

  /** Reads {@code in} to its end (on the calling thread), keeping its tail. */
  void drain(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        append(buf, n);
      }
    } catch (IOException e) {
      // the command is gone; what was read so far is the tail
    }
  }

  private synchronized void append(byte[] buf, int n) {
    for (int i = 0; i < n; i++) {
      ring[(int) (total++ % ring.length)] = buf[i];
    }
  }

  /** The tail as text, stripped. */
  synchronized String text() {
    int size = (int) Math.min(total, ring.length);
    byte[] out = new byte[size];
    int start = total <= ring.length ? 0 : (int) (total % ring.length);
    for (int i = 0; i < size; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return new String(out, StandardCharsets.UTF_8).strip();
  }
}
