package dev.ratchet.dag;

/**
 * A node's {@link dev.ratchet.Outcome} summed up in one word ({@link NodeResult#status()}), for
 * counting, filtering and coloring; the outcome itself carries the details. Not persisted.
 */
public enum NodeStatus {
  /** Ran in this call and succeeded; its result is checkpointed. */
  SUCCEEDED,
  /** Completed in an earlier run; its result was restored from the checkpoint without running. */
  RESTORED,
  /** Ran in this call and failed after its last attempt, or crashed the process too often. */
  FAILED,
  /** Did not run: its condition was false, or an upstream node failed or was skipped. */
  SKIPPED,
  /**
   * Did not run because the run was stopped first, or was interrupted by the stop while running;
   * recorded as not done, so a resume runs it.
   */
  NOT_RUN
}
