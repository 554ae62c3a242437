package dev.ratchet.store;

import dev.ratchet.ItemState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a run records durably what has finished. One store instance is bound to one checkpoint (a
 * directory for the file store, a run id in a database) and is used by one run at a time.
 *
 * <p>Contract, kept by every implementation and proven by the shared contract suite in
 * ratchet-testkit ({@code CheckpointStoreContract}):
 *
 * <ul>
 *   <li>{@link #open()} takes the writer lock (a second opener gets {@link
 *       dev.ratchet.CheckpointLockedException}), recovers from a crash (a torn tail is cut and
 *       reported in the {@link Recovery}; other damage is a {@link
 *       dev.ratchet.CheckpointDamagedException}) and reports items found {@code IN_PROGRESS} as
 *       interrupted.
 *   <li>{@link #commit(Commit)} applies all of its changes or none, and returns only once they are
 *       durable under the configured fsync policy. It is thread-safe; concurrent committers share
 *       one fsync.
 *   <li>After an I/O error the store refuses further commits until it is reopened.
 *   <li>Reads ({@link #get}, {@link #counts}, ...) see every acknowledged commit.
 * </ul>
 *
 * <p><b>Lifecycle.</b> {@code open()} once, then any number of commits and reads from any threads,
 * then {@link #close()}. Using a store before {@code open()} or after {@code close()} is a
 * programming error ({@link IllegalStateException} in the built-in stores). A store instance is not
 * reopened: to recover from an I/O error, close it and build a new one on the same location.
 *
 * <p><b>Threading.</b> Every method is thread-safe. Commits are applied in one total order (the
 * order in which they were appended), which is the order recovery replays them in. Reads see a
 * consistent state between two commits, never half of one.
 *
 * <p><b>Failure.</b> Conditions of the checkpoint are {@link dev.ratchet.RatchetException}s naming
 * the location: {@link dev.ratchet.CheckpointLockedException} (another writer), {@link
 * dev.ratchet.CheckpointDamagedException} (file and offset), {@link
 * dev.ratchet.StoreUnavailableException} (I/O error, unwritable location, unreachable database). A
 * commit that throws {@code StoreUnavailableException} may or may not be durable: treat its items
 * as not done (they run again, contract 4). No method ever discards recorded work silently.
 */
public interface CheckpointStore extends AutoCloseable {

  /** Where the checkpoint lives, for messages. Never contains a secret. */
  String location();

  /**
   * The directory or file that holds this checkpoint on this machine, when it is one: the run
   * history is kept beside it. Empty for a server or an in-memory store.
   */
  default Optional<Path> localPath() {
    return Optional.empty();
  }

  /**
   * Opens (creating if absent), locks and recovers the checkpoint. Call once, before anything.
   *
   * @return whether the checkpoint was created, the interrupted keys, and any torn tail cut off
   * @throws dev.ratchet.CheckpointLockedException if another process or store holds it
   * @throws dev.ratchet.CheckpointDamagedException if it is damaged before its tail
   * @throws dev.ratchet.StoreUnavailableException if it cannot be created, read or written
   */
  Recovery open();

  /**
   * Applies a batch of changes atomically and durably: after a crash either all of them or none are
   * found. Returns once durable under the fsync policy (a {@link Commit#deferred() deferred} commit
   * returns once applied, and is made durable by the next commit that is not deferred). An empty
   * commit only waits for the commits before it to be durable.
   *
   * @throws dev.ratchet.StoreUnavailableException after an I/O error (this one or an earlier one)
   */
  void commit(Commit commit);

  /** The record of a key, or empty if the key was never recorded (it is PENDING). */
  Optional<ItemRecord> get(String key);

  /**
   * Calls {@code action} for every record the store holds individually. DONE records whose key is
   * an ordinal below {@link #doneOrdinalPrefix()} may be held only as a count, not visited.
   */
  void forEachRecord(Consumer<ItemRecord> action);

  /**
   * Calls {@code action} for every record in {@code state}, in no particular order. What it costs
   * grows with the records in that state, not with the items done: summaries walk FAILED and
   * IN_PROGRESS records this way. The default filters {@link #forEachRecord}; a store that can
   * select by state (an index, a compact set of DONE items) overrides it.
   */
  default void forEachRecordIn(ItemState state, Consumer<ItemRecord> action) {
    forEachRecord(
        record -> {
          if (record.state() == state) {
            action.accept(record);
          }
        });
  }

  /**
   * The largest {@code n} such that every ordinal key {@code "0" … "n-1"} is DONE. Lets an ordered
   * source skip its finished prefix without visiting it. A store that does not track this returns
   * 0.
   */
  long doneOrdinalPrefix();

  /**
   * The smallest ordinal key at or after {@code from} whose item is not DONE: every ordinal key in
   * {@code [from, result)} is DONE. Lets an ordered source skip finished items without looking each
   * one up, so a resume costs what is left to do. The default, {@code from}, claims nothing.
   */
  default long nextUndoneOrdinal(long from) {
    return from;
  }

  /**
   * The smallest ordinal key at or after {@code from} that has a record (in any state), or {@link
   * Long#MAX_VALUE}: no ordinal key in {@code [from, result)} was ever recorded, so those items are
   * PENDING without a lookup. The default, {@code from}, claims nothing.
   */
  default long nextRecordedOrdinal(long from) {
    return from;
  }

  /** Counts of recorded items per state. */
  StateCounts counts();

  /** Run metadata written by {@link Change.Meta} changes (run id, input fingerprint, ...). */
  Map<String, String> metadata();

  /** Named positions written by {@link Change.Position} changes (sink offsets, input offsets). */
  Map<String, Long> positions();

  /** What the checkpoint holds, for status displays. */
  CheckpointInfo info();

  /** Releases the lock and any resources; commits already acknowledged stay durable. Idempotent. */
  @Override
  void close();

  /**
   * Closes the store if open and removes everything it wrote, and nothing else (files of other
   * names in a checkpoint directory are left, and so is the directory then).
   *
   * @throws dev.ratchet.CheckpointLockedException if another process holds the checkpoint
   */
  void delete();
}
