package dev.ratchet.store;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a run records durably what has finished. One store instance is bound to one checkpoint
 * (a directory for the file store, a run id in a database) and is used by one run at a time.
 *
 * <p>Contract, kept by every implementation and proven by the shared contract suite in
 * ratchet-testkit:
 *
 * <ul>
 *   <li>{@link #open()} takes the writer lock (a second opener gets {@link
 *       dev.ratchet.CheckpointLockedException}), recovers from a crash (a torn tail is cut and
 *       reported in the {@link Recovery}; other damage is a {@link
 *       dev.ratchet.CheckpointDamagedException}) and reports items found {@code IN_PROGRESS} as
 *       interrupted.
 *   <li>{@link #commit(Commit)} applies all of its changes or none, and returns only once they
 *       are durable under the configured fsync policy. It is thread-safe; concurrent committers
 *       share one fsync.
 *   <li>After an I/O error the store refuses further commits until it is reopened.
 *   <li>Reads ({@link #get}, {@link #counts}, ...) see every acknowledged commit.
 * </ul>
 */
public interface CheckpointStore extends AutoCloseable {

  /** Where the checkpoint lives, for messages. Never contains a secret. */
  String location();

  /** Opens (creating if absent), locks and recovers the checkpoint. Call once, before anything. */
  Recovery open();

  /** Applies a batch of changes atomically and durably. */
  void commit(Commit commit);

  /** The record of a key, or empty if the key was never recorded (it is PENDING). */
  Optional<ItemRecord> get(String key);

  /**
   * Calls {@code action} for every record the store holds individually. DONE records whose key
   * is an ordinal below {@link #doneOrdinalPrefix()} may be held only as a count, not visited.
   */
  void forEachRecord(Consumer<ItemRecord> action);

  /**
   * The largest {@code n} such that every ordinal key {@code "0" … "n-1"} is DONE. Lets an
   * ordered source skip its finished prefix without visiting it. A store that does not track
   * this returns 0.
   */
  long doneOrdinalPrefix();

  /** Counts of recorded items per state. */
  StateCounts counts();

  /** Run metadata written by {@link Change.Meta} changes (run id, input fingerprint, ...). */
  Map<String, String> metadata();

  /** Named positions written by {@link Change.Position} changes (sink offsets, input offsets). */
  Map<String, Long> positions();

  /** What the checkpoint holds, for status displays. */
  CheckpointInfo info();

  /** Releases the lock and any resources. Idempotent. */
  @Override
  void close();

  /** Closes the store if open and removes everything it wrote, and nothing else. */
  void delete();
}
