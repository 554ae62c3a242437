package dev.ratchet.internal.items;

import dev.ratchet.items.SeekPoint;
import java.util.Collections;
import java.util.List;

/**
 * The items of one batch to process.
 *
 * @param sequence the batch's place in input order, from 0 (-1 for an empty batch): batches are
 *     committed in this order
 * @param end where reading stopped after this batch (every item before it was read, processed now
 *     or found finished), or null if nothing was read or the source cannot seek
 * @param after the batch that must be committed before this one is marked and processed (-1 for
 *     none): a suspect group runs alone, after everything before it and before everything after it
 */
record Batch<I>(long sequence, List<WorkItem<I>> items, SeekPoint end, long after) {
  Batch {
    items = Collections.unmodifiableList(items); // (the reader hands over a list it made for it)
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /**
   * A group of items that a crash interrupted before: one of them may be what crashes the process,
   * so the group runs alone, and it is committed before anything else starts, so that no item
   * outside it is blamed.
   */
  boolean suspect() {
    return !items.isEmpty() && items.get(0).interruptions() > 0;
  }
}
