package dev.ratchet.dag;

/**
 * Hears about node progress, for progress displays and logs. Called from worker threads; must be
 * thread-safe and quick. Exceptions it throws are logged and ignored.
 */
public interface DagListener {
  /**
   * A call found a checkpoint: what it restores, what it runs, and which nodes run again because
   * they changed. Called once, before any node starts.
   */
  default void resumePlanned(ResumePlan plan) {}

  /** An attempt of {@code node} is starting. */
  default void attemptStarted(String node, int attempt) {}

  /** An attempt failed; another follows after {@code retryInMillis}. */
  default void attemptFailed(String node, int attempt, String error, long retryInMillis) {}

  /** The node reached its final status in this call (including restored and skipped nodes). */
  default void nodeFinished(NodeResult result) {}
}
