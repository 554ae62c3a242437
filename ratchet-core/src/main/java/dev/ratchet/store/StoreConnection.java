package dev.ratchet.store;

import dev.ratchet.history.RunRecord;
import java.util.List;

/**
 * A connection to a store found by URL ({@link Stores#connect}). A server (PostgreSQL, Redis) holds
 * many runs, each under its id, that many worker processes {@linkplain #run share}; a local store
 * (a file checkpoint, a SQLite file) holds one checkpoint, which one process writes at a time.
 *
 * <p>Thread-safe. Closing it releases the connection; stores and runs taken from it stop working.
 */
public interface StoreConnection extends AutoCloseable {
  /** Where the store is, for messages: never a password. */
  String location();

  /**
   * Whether the store holds many runs, each under an id, shared by worker processes ({@link #run});
   * false for a store that holds one checkpoint (the {@code runId} arguments are then not used, and
   * callers give null).
   */
  boolean sharesRuns();

  /**
   * What the checkpoint of run {@code runId} holds, read without locking, creating or migrating
   * anything; {@link CheckpointInfo#exists()} is false if there is none.
   */
  CheckpointInfo inspect(String runId);

  /** The single-writer checkpoint store of run {@code runId}, not yet opened. */
  CheckpointStore store(String runId);

  /**
   * The run {@code runId}, shared by cooperating workers.
   *
   * @throws UnsupportedOperationException if the store does not {@linkplain #sharesRuns share runs}
   */
  default SharedRun run(String runId) {
    throw new UnsupportedOperationException(
        location() + " holds one checkpoint, not runs shared by workers");
  }

  /** The ids of the runs the store holds, sorted; empty for a store that holds one checkpoint. */
  default List<String> runIds() {
    return List.of();
  }

  /** The newest {@code limit} run records the store keeps, newest first; empty if it keeps none. */
  default List<RunRecord> history(int limit) {
    return List.of();
  }

  /**
   * Adds a run record (which holds no secret) to the store's history, for a store that keeps one.
   */
  default void appendHistory(RunRecord record) {}

  /** {@code text} with the connection's password removed, for messages of errors it caused. */
  default String scrub(String text) {
    return StoreAddress.mask(text);
  }

  /** Releases the connection. Idempotent. */
  @Override
  void close();
}
