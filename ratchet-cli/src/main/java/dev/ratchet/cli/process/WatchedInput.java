package dev.ratchet.cli.process;

import dev.ratchet.RatchetException;
import dev.ratchet.internal.items.LinesSource;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.SourceItem;
import dev.ratchet.items.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The input file of a run, inspected (read whole for its fingerprint) once and checked again at the
 * end: an input changed while the run read it (truncated by logrotate's copytruncate, rewritten in
 * place) stops the run with exit code 3 and keeps the checkpoint, instead of ending "every item is
 * done" on part of it. A run that read the input from its start to its end was checked by its
 * cursor ({@link Sources#lines}: what it read is what was fingerprinted), so the end check reads
 * the file again only after a run that started from a seek point.
 *
 * <p>The fingerprint is read on a thread of its own from {@link #inspectAhead()} on, so that the
 * read overlaps what a run does before its first item (the output's lock, the checkpoint's open and
 * its fsyncs); {@link #inspect()} waits for it. It is the same fingerprint of the same file, taken
 * a few milliseconds sooner, and the cursor still checks at the end of the file that what it read
 * is what was fingerprinted.
 */
final class WatchedInput implements ItemSource<String> {
  private final Path file;
  private final LinesSource lines;
  private Info atStart;
  private volatile boolean readWhole;

  WatchedInput(Path file) {
    this.file = file;
    this.lines = new LinesSource(file);
  }

  @Override
  public String description() {
    return lines.description();
  }

  /** Starts reading the fingerprint on a daemon thread; {@link #inspect()} takes its result. */
  synchronized void inspectAhead() {
    if (atStart == null) {
      lines.inspectAhead();
    }
  }

  @Override
  public synchronized Info inspect() {
    if (atStart == null) {
      atStart = lines.inspect();
      if (startsWithBom(file)) {
        System.err.println(
            "ratchet: input "
                + file
                + " starts with a UTF-8 byte order mark (EF BB BF); it is not part of item 0");
      }
    }
    return atStart;
  }

  private static boolean startsWithBom(Path file) {
    byte[] start = new byte[3];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(start, 0, 3) == 3
          && start[0] == (byte) 0xEF
          && start[1] == (byte) 0xBB
          && start[2] == (byte) 0xBF;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized Cursor<String> open(SeekPoint start) {
    Cursor<String> cursor = lines.open(start);
    if (atStart == null || start.offset() != 0) {
      return cursor;
    }
    return new Cursor<>() {
      @Override
      public boolean hasNext() {
        boolean more = cursor.hasNext();
        if (!more) {
          readWhole = true; // the cursor found what it read to be what was fingerprinted
        }
        return more;
      }

      @Override
      public SourceItem<String> next() {
        return cursor.next();
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  /** Refuses to finish if the input is not what it was when the run started. */
  void requireUnchanged() {
    if (readWhole) {
      return;
    }
    String before = inspect().fingerprint();
    String now;
    try {
      now = Sources.lines(file).inspect().fingerprint();
    } catch (IllegalArgumentException e) {
      now = "unreadable (" + e.getMessage() + ")";
    }
    if (!before.equals(now)) {
      throw new RatchetException(
          "input "
              + file
              + " changed while the run read it (it was "
              + before
              + ", now "
              + now
              + "), so the output may hold items of either version or part of a line. The"
              + " checkpoint is kept and the run is not finished. Restore the input and run the"
              + " same command again, or start over on the new input with --fresh.");
    }
  }
}
