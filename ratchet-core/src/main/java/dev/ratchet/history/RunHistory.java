package dev.ratchet.history;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.history.HistoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The run history of file checkpoints: every run that ends (and every manual action on a
 * checkpoint) leaves one {@link RunRecord}, kept after the checkpoint itself is removed.
 *
 * <p><b>Where.</b> The records of checkpoint {@code dir/name} live in {@code
 * dir/.ratchet-history/name/}, one JSON file each, named by the time they were written so that a
 * listing is in time order. Directories are created 0700 and files 0600.
 *
 * <p><b>Durability.</b> A record is written to a temp file, forced, renamed into place and its
 * directory forced: after a crash it is there whole or not at all.
 *
 * <p><b>Cost.</b> Appending is O(1); listing a checkpoint's history reads its records only; listing
 * a root walks its directories. Retention ({@link #removeOlderThan}) bounds what piles up.
 *
 * <p><b>Threading.</b> Any number of writers (runs, dashboards) may append concurrently; names are
 * unique per process and time. A reader sees whole records only.
 */
public final class RunHistory {
  /** The name of the directory, beside checkpoints, that holds their history. */
  public static final String DIRECTORY = HistoryFiles.DIRECTORY;

  private RunHistory() {}

  /** The directory that holds the records of the checkpoint in {@code checkpoint}. */
  public static Path directoryOf(Path checkpoint) {
    return HistoryFiles.directoryOf(Objects.requireNonNull(checkpoint, "checkpoint"));
  }

  /**
   * Adds a record to the history of {@code checkpoint}, durably.
   *
   * @throws StoreUnavailableException if it cannot be written
   */
  public static void append(Path checkpoint, RunRecord record) {
    HistoryFiles.append(directoryOf(checkpoint), Objects.requireNonNull(record, "record"));
  }

  /** The records of {@code checkpoint}, newest first; unreadable ones are left out. */
  public static List<RunRecord> of(Path checkpoint) {
    return HistoryFiles.read(directoryOf(checkpoint)).records();
  }

  /** The newest record of {@code checkpoint} that is a run (not an action), if any. */
  public static Optional<RunRecord> latestRun(Path checkpoint) {
    return of(checkpoint).stream().filter(r -> RunRecord.RUN.equals(r.kind())).findFirst();
  }

  /**
   * Every record under {@code root} (searched recursively, links not followed), newest first, and
   * the record files that could not be read.
   *
   * @throws IllegalArgumentException if {@code root} is not a directory
   */
  public static Listing under(Path root) {
    return HistoryFiles.walk(Objects.requireNonNull(root, "root"));
  }

  /**
   * Removes the records under {@code root} that were written before {@code cutoff} (or only counts
   * them, if {@code dryRun}); returns how many.
   *
   * @throws UncheckedIOException if the records of a history directory could not be removed (the
   *     other directories were swept); {@link #prune} reports those instead
   */
  public static int removeOlderThan(Path root, Instant cutoff, boolean dryRun) {
    Pruning pruning = prune(root, cutoff, dryRun);
    if (!pruning.kept().isEmpty()) {
      throw new UncheckedIOException(
          new IOException("cannot remove old run history records in " + pruning.kept()));
    }
    return pruning.removed();
  }

  /**
   * Removes the records under {@code root} that were written before {@code cutoff} (or only counts
   * them, if {@code dryRun}). A history directory that cannot be listed or written (permissions, a
   * read-only file system) is kept and reported, and the others are swept.
   *
   * @throws IllegalArgumentException if {@code root} is not a directory
   */
  public static Pruning prune(Path root, Instant cutoff, boolean dryRun) {
    return HistoryFiles.prune(
        Objects.requireNonNull(root, "root"), Objects.requireNonNull(cutoff, "cutoff"), dryRun);
  }

  /**
   * What {@link #prune} did.
   *
   * @param removed the records removed (or, in a dry run, that would be)
   * @param kept "directory: reason" for each history directory whose old records could not be
   *     removed
   */
  public record Pruning(int removed, List<String> kept) {
    public Pruning {
      kept = List.copyOf(kept);
    }
  }

  /**
   * Records found, newest first, and the files that could not be read (with why).
   *
   * @param unreadable "path: reason" for each record file that is not a readable record
   */
  public record Listing(List<RunRecord> records, List<String> unreadable) {
    public Listing {
      records = List.copyOf(records);
      unreadable = List.copyOf(unreadable);
    }
  }
}
