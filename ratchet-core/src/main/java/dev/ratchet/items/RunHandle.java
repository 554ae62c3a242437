package dev.ratchet.items;

/** A run started with {@link ItemPipeline#start()}. Thread-safe. */
public interface RunHandle {

  /**
   * Asks the run to stop gracefully: it finishes the batch in flight, commits it and returns a
   * result whose outcome is {@link RunResult.Outcome#STOPPED}. Returns at once; idempotent.
   */
  void stop();

  /**
   * Waits for the run to end and returns its result.
   *
   * @throws RuntimeException whatever ended the run abnormally (a damaged or locked checkpoint, an
   *     I/O error), as thrown
   */
  RunResult await() throws InterruptedException;

  /** Whether the run has ended. */
  boolean isDone();
}
