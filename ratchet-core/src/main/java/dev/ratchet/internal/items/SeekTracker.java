package dev.ratchet.internal.items;

import dev.ratchet.items.SeekPoint;
import dev.ratchet.store.Change;
import java.util.List;
import java.util.Map;

/**
 * Remembers where a resumed run may start reading an ordered input: a point before which every item
 * is DONE. After each commit, if the done prefix reaches the end of the committed batches, that end
 * becomes the next seek point, committed right after them.
 */
final class SeekTracker {
  static final String ORDINAL = "input.seek.ordinal";
  static final String OFFSET = "input.seek.offset";

  private SeekPoint committed;
  private SeekPoint pending;

  SeekTracker(SeekPoint committed) {
    this.committed = committed;
  }

  /** The committed seek point, if it is not past the done prefix. */
  static SeekPoint committed(Map<String, Long> positions, long donePrefix) {
    Long ordinal = positions.get(ORDINAL);
    Long offset = positions.get(OFFSET);
    if (ordinal == null || offset == null || ordinal > donePrefix || ordinal < 0 || offset < 0) {
      return SeekPoint.START;
    }
    return new SeekPoint(ordinal, offset);
  }

  void afterCommit(SeekPoint batchEnd, long donePrefix) {
    if (batchEnd != null
        && batchEnd.ordinal() <= donePrefix
        && batchEnd.ordinal() > committed.ordinal()) {
      pending = batchEnd;
    }
  }

  boolean hasPending() {
    return pending != null;
  }

  /** The changes that commit the pending seek point, if any. */
  List<Change> drain() {
    if (pending == null) {
      return List.of();
    }
    committed = pending;
    pending = null;
    return List.of(
        new Change.Position(ORDINAL, committed.ordinal()),
        new Change.Position(OFFSET, committed.offset()));
  }
}
