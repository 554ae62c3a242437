package dev.ratchet.internal.store;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import java.util.List;

/**
 * Folds consecutive ordinal item changes of the two common shapes into ranges: a batch of an
 * ordered input marked IN_PROGRESS, or finished DONE without results, becomes one range instead of
 * one record per item. Only adjacent changes with consecutive ordinals are folded, so applying the
 * ranges in order means exactly what applying the changes one by one means.
 */
final class ChangeRuns {
  static final int NONE = 0;
  static final int DONE = 1;
  static final int WORKING = 2;

  private ChangeRuns() {}

  /** Which range a change can join: {@link #DONE}, {@link #WORKING} or {@link #NONE}. */
  static int kind(Change.Item item) {
    if (item.attempts() != 1
        || item.interruptions() != 0
        || item.result() != null
        || item.error() != null
        || item.manual()) {
      return NONE;
    }
    return item.state() == ItemState.DONE
        ? DONE
        : item.state() == ItemState.IN_PROGRESS ? WORKING : NONE;
  }

  static void visit(List<? extends Change> changes, ChangeVisitor visitor) {
    if (changes instanceof CompactChanges compact) {
      compact.visit(visitor); // folded already, without an item per key
      return;
    }
    int runKind = NONE;
    long runStart = 0;
    long runEnd = 0;
    for (int i = 0, n = changes.size(); i < n; i++) {
      Change change = changes.get(i);
      int kind = NONE;
      long ordinal = -1;
      if (change instanceof Change.Item item) {
        kind = kind(item);
        if (kind != NONE) {
          ordinal = OrdinalSet.parseOrdinal(item.key());
          kind = ordinal < 0 ? NONE : kind;
        }
      }
      if (kind != NONE && kind == runKind && ordinal == runEnd) {
        runEnd++;
        continue;
      }
      flush(visitor, runKind, runStart, runEnd);
      runKind = kind;
      if (kind == NONE) {
        visitor.change(change);
      } else {
        runStart = ordinal;
        runEnd = ordinal + 1;
      }
    }
    flush(visitor, runKind, runStart, runEnd);
  }

  private static void flush(ChangeVisitor visitor, int kind, long start, long end) {
    if (kind == DONE) {
      visitor.doneRange(start, end);
    } else if (kind == WORKING) {
      visitor.workingRange(start, end);
    }
  }
}
