package dev.ratchet.internal.store;

import dev.ratchet.store.Change;

/**
 * Receives the changes of a commit with runs of the two common item records folded into ranges:
 * ordinal keys {@code [start, end)} made DONE or IN_PROGRESS at their first attempt with nothing
 * else recorded. A range means exactly what the individual changes would (see {@link ChangeRuns}).
 */
interface ChangeVisitor {
  /** A change that is not part of a range, in commit order. */
  void change(Change change);

  /** Ordinal keys {@code [start, end)} are DONE, attempt 1, no result, error or manual mark. */
  void doneRange(long start, long end);

  /** Ordinal keys {@code [start, end)} are IN_PROGRESS, attempt 1, never interrupted. */
  void workingRange(long start, long end);
}
