package dev.ratchet.ui;

import dev.ratchet.history.RunRecord;
import dev.ratchet.store.StateCounts;
import java.util.List;
import java.util.Objects;

/**
 * A store whose runs and history a {@link Dashboard} shows beside those of its root directory: a
 * PostgreSQL or Redis database, say. The dashboard only reads through it, on its request threads;
 * an implementation must not lock anything a live worker needs, and may cache for a moment.
 */
public interface StoreSource {
  /** Where the store is, for the page: never a password. */
  String where();

  /** The newest {@code limit} run records, newest first. */
  List<RunRecord> history(int limit);

  /** The store's runs with their counts (at most {@code limit}), sorted by run id. */
  List<StoreRun> runs(int limit);

  /**
   * One run in the store.
   *
   * @param total every item of the run, finished or not
   */
  record StoreRun(String runId, StateCounts counts, long total) {
    public StoreRun {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(counts, "counts");
    }
  }
}
