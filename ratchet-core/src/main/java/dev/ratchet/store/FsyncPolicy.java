package dev.ratchet.store;

/** When a store forces its writes to the disk before acknowledging a commit. */
public enum FsyncPolicy {
  /** Every commit is durable when acknowledged. The default. */
  ALWAYS,
  /**
   * Only commits that end a batch are forced; a commit inside a batch (a memoized sub-step, an
   * in-progress mark) may be lost in a power cut, never reordered after a later batch.
   */
  PER_BATCH,
  /** Never forced: survives a process crash, not a power cut. */
  NEVER
}
