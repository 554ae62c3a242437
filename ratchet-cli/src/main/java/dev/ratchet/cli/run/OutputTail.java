package dev.ratchet.cli.run;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines of a step's output, bounded in lines and characters. */
final class OutputTail {
  static final int MAX_LINES = 50;
  static final int MAX_LINE_CHARS = 500;

  private final Deque<String> lines = new ArrayDeque<>();

  synchronized void add(String line) {
    lines.addLast(
        line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line);
    if (lines.size() > MAX_LINES) {
      lines.removeFirst();
    }
  }

  synchronized String text() {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** The last {@code n} lines joined with " | ", for one-line error messages. */
  synchronized String last(int n) {
    return String.join(" | ", lines.stream().skip(Math.max(0, lines.size() - n)).toList());
  }
}
