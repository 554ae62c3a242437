package dev.ratchet.dag;

/** What happened to a node in one call of {@link CheckpointExecutor}. Not persisted. */
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
