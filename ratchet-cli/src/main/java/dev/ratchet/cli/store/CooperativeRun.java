package dev.ratchet.cli.store;

import dev.ratchet.history.RunRecord;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.StateCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * A run that cooperating workers share, whichever server keeps it (PostgreSQL or Redis), as {@link
 * StoreWorker} needs it.
 */
interface CooperativeRun {
  String runId();

  /** Where the run is, without secrets. */
  String where();

  boolean exists();

  void delete();

  boolean loaded();

  /** Loads the items once; returns how many this call added (0 if already loaded). */
  long load(String fingerprint, Supplier<Iterator<ItemInput>> items);

  CooperativeWorker join(Duration lease);

  StateCounts counts();

  /** Every item of the run, finished or not. */
  long total();

  /** Adds a record to the server's run history (which keeps the newest 1,000). */
  void appendHistory(RunRecord record);

  /** Writes the DONE items in input order as JSON lines; returns how many. */
  long export(Path output);
}
