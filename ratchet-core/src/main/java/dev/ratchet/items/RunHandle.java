package dev.ratchet.items;

import java.time.Duration;

/** A run started with {@link ItemPipeline#start()}. Thread-safe. */
public interface RunHandle {

  /**
   * Asks the run to stop gracefully: no new item starts, the items in flight finish, what finished
   * is committed, and the result's outcome is {@link RunResult.Outcome#STOPPED}. Items that did not
   * start stay not done for the next run. Returns at once; idempotent. The same as {@code
   * stop(grace)} with no end to the grace period.
   */
  void stop();

  /**
   * Like {@link #stop()}, but items still in flight after {@code grace} are interrupted (for a
   * shell command, its process group is killed) and recorded as not done, never as FAILED: the next
   * run does them again. {@code Duration.ZERO} interrupts them at once. Calling again may shorten
   * the grace period, never lengthen it. Returns at once.
   */
  void stop(Duration grace);

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
