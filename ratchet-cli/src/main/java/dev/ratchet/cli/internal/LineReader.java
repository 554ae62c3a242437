package dev.ratchet.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a stream into lines (UTF-8, without the {@code \n}) holding at most {@code maxLineBytes}
 * of one line in memory: the rest of a longer line is read and dropped, and the line is passed on
 * with a note that it was cut. Memory stays bounded whatever a command prints.
 */
public final class LineReader {
  private LineReader() {}

  /** Reads {@code in} to its end, giving each line to {@code sink}. */
  public static void lines(InputStream in, int maxLineBytes, Consumer<String> sink)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long dropped = 0;
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) >= 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          dropped += append(line, buf, start, i - start, maxLineBytes);
          sink.accept(text(line, dropped));
          line.reset();
          dropped = 0;
          start = i + 1;
        }
      }
      dropped += append(line, buf, start, n - start, maxLineBytes);
    }
    if (line.size() > 0 || dropped > 0) {
      sink.accept(text(line, dropped));
    }
  }

  /** Appends what fits; returns how many bytes did not. */
  private static long append(ByteArrayOutputStream line, byte[] buf, int off, int len, int max) {
    int room = Math.max(0, Math.min(len, max - line.size()));
    line.write(buf, off, room);
    return len - room;
  }

  private static String text(ByteArrayOutputStream line, long dropped) {
    String s = line.toString(StandardCharsets.UTF_8);
    if (s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    return dropped == 0 ? s : s + " [line cut: " + dropped + " more bytes not shown]";
  }
}
