package dev.ratchet.store;

import dev.ratchet.ItemState;
import dev.ratchet.internal.store.DoneExport;
import dev.ratchet.internal.store.SourceLoad;
import dev.ratchet.items.ItemSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A run that many worker processes, on any number of machines, share through a server (PostgreSQL
 * or Redis): the run-level half of {@link CooperativeWorker}. One process {@linkplain #load loads}
 * the items (loaders and joiners racing at the same instant all succeed, and the items are loaded
 * once); each worker {@linkplain #join joins} with a lease, claims batches and completes them with
 * fencing until the run is finished. The promises every implementation keeps are the testkit's
 * {@code SharedRunContract}:
 *
 * <ul>
 *   <li>an item is leased by at most one live worker; when a worker's lease runs out (it crashed or
 *       was paused) its items are taken over, and its late outcome is refused ({@link
 *       CompleteResult#fenced()});
 *   <li>an item whose worker died {@code crashLimit} times while it was claimed is FAILED ("crashed
 *       the process N times") instead of claimed again; items taken over are claimed one at a time,
 *       so an item that kills its worker cannot take its batch with it;
 *   <li>{@link #retryFailed()} puts FAILED items back (except the ones that crashed the process);
 *   <li>a run whose data vanished underneath its workers (deleted, or a server restarted without
 *       persistence) is reported as such, never silently recreated.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface SharedRun {
  /**
   * How often an item may kill its worker before it is FAILED, unless the caller says otherwise.
   */
  int DEFAULT_CRASH_LIMIT = 3;

  /** The run's name (its id in the server); every worker of the run uses the same one. */
  String name();

  /** Where the run is, for messages: the server and the name, never a password. */
  String location();

  /** Whether the server holds anything of this run. */
  boolean exists();

  /** Whether every item has been loaded. */
  boolean loaded();

  /**
   * Loads the items once. Whoever comes first loads; callers racing it wait for it or help it, and
   * a later call loads nothing. A load cut short by a crash goes on where it stopped.
   *
   * @param fingerprint identifies the input (a content hash), or null
   * @param items the items in input order; may be called again to start over
   * @return how many items this call added (0 when they were already loaded)
   * @throws dev.ratchet.CheckpointMismatchException if the run was loaded from another input
   */
  long load(String fingerprint, Supplier<Iterator<ItemInput>> items);

  /**
   * Loads the items of {@code source} once, as {@link #load(String, Supplier)} does, with the
   * source's fingerprint. A shared run holds its items as text: each item's value must be a {@code
   * String} ({@link dev.ratchet.items.Sources#lines} gives such items).
   *
   * @return how many items this call added (0 when they were already loaded)
   * @throws IllegalArgumentException if the source is unreadable or gives an item that is not text
   */
  default long load(ItemSource<?> source) {
    return SourceLoad.load(this, source);
  }

  /**
   * Puts every FAILED item back to be claimed again, except items FAILED because they crashed the
   * process; returns how many. A rerun after failures calls this so it retries only those.
   */
  long retryFailed();

  /**
   * Joins as a new worker whose claims last {@code lease} unless renewed (a heartbeat renews them
   * while the worker lives).
   *
   * @param crashLimit how many times an item may be taken over from a worker that died holding it
   *     before it is FAILED instead (1 or more)
   */
  CooperativeWorker join(Duration lease, int crashLimit);

  /** Joins with the {@linkplain #DEFAULT_CRASH_LIMIT default crash limit}. */
  default CooperativeWorker join(Duration lease) {
    return join(lease, DEFAULT_CRASH_LIMIT);
  }

  /** How far the run is, read at one instant: the parts always add up to the total. */
  RunProgress progress();

  /**
   * Gives every DONE item once, in input order. Safe while workers are still running: it gives what
   * is done so far.
   */
  void forEachDone(Consumer<DoneItem> action);

  /**
   * Writes every DONE item, in input order, as one JSON line {@code {"key","input","result"}}
   * (durably: the file is complete or absent). Returns the number of lines.
   */
  default long exportJsonLines(Path output) {
    return DoneExport.write(this, output);
  }

  /**
   * Writes every DONE item, in input order, as one JSON array of {@code {"key","input","result"}}
   * objects (durably: the file is complete or absent). Returns the number of items.
   */
  default long exportJsonArray(Path output) {
    return DoneExport.writeArray(this, output);
  }

  /**
   * Sets one item's state by hand, as an operator's decision recorded as manual ({@code ratchet
   * mark --store}): DONE (handled outside Ratchet: it is not run, and gets no output record) or
   * SKIPPED (error "marked skipped by hand") finishes the item; PENDING puts a finished item back
   * to be claimed again, whatever it ended as (a DONE item also loses its output record and its
   * stored sub-steps, so it is done again from the start). An item a live worker holds is refused
   * and nothing changes.
   *
   * @param state DONE, SKIPPED or PENDING
   * @return the item's state before the mark (PENDING if it had not finished)
   * @throws java.util.NoSuchElementException if the run has no item with this key
   * @throws IllegalStateException if the item cannot be marked now (a worker holds it), with the
   *     reason and what to do
   * @throws UnsupportedOperationException if this run's layout cannot be marked at all (a run
   *     loaded by an older Ratchet), with what to do
   */
  default ItemState mark(String key, ItemState state) {
    throw new UnsupportedOperationException(location() + " cannot mark items by hand");
  }

  /** Removes the run and everything in it. Workers still in it stop at their next call. */
  void delete();
}
