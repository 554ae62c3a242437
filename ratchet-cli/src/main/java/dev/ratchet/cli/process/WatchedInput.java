package dev.ratchet.cli.process;

import dev.ratchet.RatchetException;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.Sources;
import java.nio.file.Path;

/**
 * The input file of a run, inspected (read whole for its fingerprint) once and checked again at the
 * end: an input changed while the run read it (truncated by logrotate's copytruncate, rewritten in
 * place) stops the run with exit code 3 and keeps the checkpoint, instead of ending "every item is
 * done" on part of it.
 */
final class WatchedInput implements ItemSource<String> {
  private final Path file;
  private final ItemSource<String> lines;
  private Info atStart;

  WatchedInput(Path file) {
    this.file = file;
    this.lines = Sources.lines(file);
  }

  @Override
  public String description() {
    return lines.description();
  }

  @Override
  public synchronized Info inspect() {
    if (atStart == null) {
      atStart = lines.inspect();
    }
    return atStart;
  }

  @Override
  public Cursor<String> open(SeekPoint start) {
    return lines.open(start);
  }

  /** Refuses to finish if the input is not what it was when the run started. */
  void requireUnchanged() {
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
