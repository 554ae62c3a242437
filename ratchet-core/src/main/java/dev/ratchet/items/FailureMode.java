package dev.ratchet.items;

/** What a run does after an item FAILED. Either way the rest of its batch is finished first. */
public enum FailureMode {
  /** Keep processing the remaining items; report failures at the end. The default. */
  KEEP_GOING,
  /** Commit the batch that had the failure and stop. */
  FAIL_FAST
}
