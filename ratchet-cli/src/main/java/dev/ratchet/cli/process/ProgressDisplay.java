package dev.ratchet.cli.process;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;

/**
 * Shows a run's progress: a bar redrawn in place on a terminal, or one plain {@code progress:} line
 * per checkpoint otherwise (logs, pipes, CI).
 */
public abstract sealed class ProgressDisplay {
  protected final PrintWriter out;

  private ProgressDisplay(PrintWriter out) {
    this.out = out;
  }

  /** A bar for a terminal, a line per checkpoint otherwise. */
  public static ProgressDisplay create(PrintWriter out, boolean terminal) {
    return terminal ? new Bar(out) : new Lines(out);
  }

  /** Shows nothing. */
  public static ProgressDisplay none() {
    return new Silent();
  }

  /** Called after each committed checkpoint (batch). */
  public abstract void checkpointed(ProgressSnapshot progress);

  /** Ends the display before the summary is printed. */
  public abstract void finish();

  static String formatDuration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  static String counts(ProgressSnapshot p) {
    return p.total() >= 0 ? p.finished() + "/" + p.total() : String.valueOf(p.finished());
  }

  /** One line per checkpoint: {@code progress: 40% (4/10), 1 failed, 120.5 items/s, ETA 3s}. */
  static final class Lines extends ProgressDisplay {
    Lines(PrintWriter out) {
      super(out);
    }

    @Override
    public void checkpointed(ProgressSnapshot p) {
      StringBuilder line = new StringBuilder("progress: ");
      if (p.percent() >= 0) {
        line.append(p.percent()).append("% (").append(counts(p)).append(")");
      } else {
        line.append(counts(p)).append(" items");
      }
      line.append(", ").append(p.failed()).append(" failed");
      line.append(String.format(", %.1f items/s", p.perSecond()));
      if (p.eta() != null) {
        line.append(", ETA ").append(formatDuration(p.eta()));
      }
      out.println(line);
      out.flush();
    }

    @Override
    public void finish() {}
  }

  /** A bar redrawn in place with a carriage return, at most ten times a second. */
  static final class Bar extends ProgressDisplay {
    private static final int WIDTH = 30;
    private long lastDraw;
    private int lastLength;

    Bar(PrintWriter out) {
      super(out);
    }

    @Override
    public synchronized void checkpointed(ProgressSnapshot p) {
      long now = System.nanoTime();
      boolean complete = p.total() >= 0 && p.finished() >= p.total();
      if (!complete && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      int filled = p.percent() < 0 ? 0 : p.percent() * WIDTH / 100;
      String line =
          String.format(
              "[%s%s] %s %s  %.1f/s  ETA %s  failed %d",
              "#".repeat(filled),
              ".".repeat(WIDTH - filled),
              p.percent() < 0 ? "  ?%" : String.format("%3d%%", p.percent()),
              counts(p),
              p.perSecond(),
              p.eta() == null ? "?" : formatDuration(p.eta()),
              p.failed());
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      out.flush();
      lastLength = line.length();
    }

    @Override
    public synchronized void finish() {
      if (lastLength > 0) {
        out.println();
        out.flush();
      }
    }
  }

  static final class Silent extends ProgressDisplay {
    Silent() {
      super(new PrintWriter(Writer.nullWriter()));
    }

    @Override
    public void checkpointed(ProgressSnapshot p) {}

    @Override
    public void finish() {}
  }
}
